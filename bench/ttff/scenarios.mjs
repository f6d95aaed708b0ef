// The time-to-first-frame scenarios (docs/benchmarks.md "Time to first frame"): a room of
// people already in, a joiner whose navigation (or click) starts the clock, and the moment
// each side's remote <video> presents its first frame. Every joiner is a fresh browser
// context (an empty HTTP cache) unless the scenario says otherwise.

import { newParticipant } from '../../tests/browser/lib/browser.mjs';
import { registerUser, createMeeting } from '../../tests/lib/rest.mjs';
import { probeScript, readPage } from './probe.mjs';
import { frameTimes, shiftBetween, steps } from './timeline.mjs';

const TIMEOUT = 30000;
const byTestId = (id) => `[data-testid="${id}"]`;

async function person(env, name) {
  const p = await newParticipant(env.browser, env.server.url, { name });
  await p.page.addInitScript(probeScript);
  return p;
}

/** Waits until `page` saw a first frame from `want` remote sockets (a count or a list of ids). */
function waitFrames(page, want) {
  return page.waitForFunction(
    (w) => {
      const frames = window.__ttff?.frames ?? {};
      return typeof w === 'number'
        ? Object.keys(frames).length >= w
        : w.every((id) => id in frames);
    },
    want,
    { timeout: TIMEOUT, polling: 50 },
  );
}

function joinUrl(env, meetingId, name) {
  return `${env.server.url}/m/${meetingId}?name=${encodeURIComponent(name)}&autojoin=1`;
}

/** The joiner's socket id, once in the room. */
function identity(page) {
  return page.evaluate(() => ({ socketId: window.__parley?.socketId() ?? null }));
}

/** A meeting with `count` guests in it, each seeing every other. */
export async function openRoom(env, count) {
  const host = await registerUser(env.server.url, { prefix: 'ttff' });
  const meeting = await createMeeting(env.server.url, host.token, { title: 'ttff' });
  const people = [];
  for (let i = 0; i < count; i++) {
    const p = await person(env, `in${i + 1}`);
    await p.page.goto(joinUrl(env, meeting.meetingId, `In ${i + 1}`));
    await p.page.waitForSelector(byTestId('local-video'), { timeout: TIMEOUT });
    people.push(p);
  }
  await Promise.all(people.map((p) => waitFrames(p.page, count - 1)));
  return {
    meetingId: meeting.meetingId,
    people,
    /** Waits until everyone in the room shows exactly the others again. */
    async settle() {
      for (const p of people) {
        await p.page.waitForFunction(
          (n) => document.querySelectorAll('[data-testid="remote-video"]').length === n,
          count - 1,
          { timeout: TIMEOUT, polling: 100 },
        );
      }
    },
    close: () => Promise.all(people.map((p) => p.context.close())),
  };
}

async function leave(p) {
  await p.page.click(byTestId('leave-button'), { timeout: 5000 }).catch(() => undefined);
}

/**
 * Waits for the joiner (already navigating or clicked) to see everyone in `room` and everyone
 * to see the joiner; returns the run's figures from `zero` on the joiner's clock.
 */
async function collect(joiner, room, zero) {
  await waitFrames(joiner.page, room.people.length);
  const me = await identity(joiner.page);
  await Promise.all(room.people.map((p) => waitFrames(p.page, [me.socketId])));
  const page = await readPage(joiner.page);
  const others = await Promise.all(room.people.map((p) => readPage(p.page)));
  zero = zero ?? 0;
  const joinerFrames = Object.values(frameTimes(page, zero));
  const othersFrames = others.map((o) => o.frames[me.socketId] + shiftBetween(o, page) - zero);
  return {
    joiner_first_ms: Math.min(...joinerFrames),
    joiner_all_ms: Math.max(...joinerFrames),
    others_all_ms: Math.max(...othersFrames),
    app_bytes: page.assetBytes + (page.nav?.htmlBytes ?? 0),
    cached_assets: page.cachedAssets,
    asset_count: page.assetCount,
    steps: steps(page, zero),
    // The first one in the room's view of the same join, on the joiner's clock.
    host_steps: steps(others[0], zero, {
      only: [me.socketId],
      shift: shiftBetween(others[0], page),
    }),
  };
}

/** A fresh guest opens the meeting link with autojoin; figures from its navigation start. */
export async function joinOnce(env, room) {
  const joiner = await person(env, 'joiner');
  try {
    await joiner.page.goto(joinUrl(env, room.meetingId, 'Joiner'), { waitUntil: 'commit' });
    return await collect(joiner, room);
  } finally {
    await leave(joiner);
    await joiner.context.close();
    await room.settle();
  }
}

/** The bare two-RTCPeerConnection page (floor.mjs), from its navigation start. */
export async function floorOnce(env) {
  const p = await person(env, 'floor');
  try {
    await p.page.goto(env.floor.url, { waitUntil: 'commit' });
    await waitFrames(p.page, 1);
    const page = await readPage(p.page);
    return { joiner_first_ms: page.frames.remote, steps: steps(page) };
  } finally {
    await p.context.close();
  }
}

/**
 * A return visit: the same browser (its HTTP cache and stored guest session) opens the link a
 * second time after leaving; figures from the second navigation.
 */
export async function returnOnce(env, room) {
  const joiner = await person(env, 'returning');
  try {
    const url = joinUrl(env, room.meetingId, 'Returning');
    await joiner.page.goto(url, { waitUntil: 'commit' });
    const first = await collect(joiner, room);
    await leave(joiner);
    await joiner.page.waitForSelector(byTestId('local-video'), { state: 'detached' });
    await room.settle();
    await joiner.page.goto(url, { waitUntil: 'commit' });
    const again = await collect(joiner, room);
    return { ...again, first_visit_app_bytes: first.app_bytes };
  } finally {
    await leave(joiner);
    await joiner.context.close();
    await room.settle();
  }
}

/**
 * A signed-in user on the home page (already loaded) types the meeting id and joins: from the
 * click on `join-by-id-button`, through pre-join, to the first remote frame. The click on
 * `join-button` follows as soon as it is enabled; `from_join_click_ms` starts there.
 */
export async function homeOnce(env, room, auth) {
  const p = await person(env, 'home');
  try {
    await p.page.addInitScript((session) => {
      if (!localStorage.getItem('parley.session'))
        localStorage.setItem('parley.session', JSON.stringify(session));
    }, auth);
    await p.page.goto(`${env.server.url}/`);
    await p.page.fill(byTestId('join-id-input'), room.meetingId);
    await p.page.evaluate(() => {
      window.__ttff.clickAt = performance.now();
      document.querySelector('[data-testid="join-by-id-button"]').click();
    });
    const button = `${byTestId('join-button')}:not([disabled])`;
    await p.page.waitForSelector(button, { timeout: TIMEOUT });
    const joinClick = await p.page.evaluate((sel) => {
      const at = performance.now();
      document.querySelector(sel).click();
      return at;
    }, button);
    const clickAt = await p.page.evaluate(() => window.__ttff.clickAt);
    const run = await collect(p, room, clickAt);
    return { ...run, from_join_click_ms: run.joiner_all_ms - (joinClick - clickAt) };
  } finally {
    await leave(p);
    await p.context.close();
    await room.settle();
  }
}

/** A registered user's `{user, token}` for homeOnce. */
export async function signedInUser(env) {
  const u = await registerUser(env.server.url, { prefix: 'ttffhome' });
  return { user: u.user, token: u.token };
}
