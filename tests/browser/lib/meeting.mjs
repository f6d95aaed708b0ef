// Driving the client the way a person (or a script using the contract's data-testids) does.

import assert from 'node:assert/strict';
import { sleep } from '../../lib/process.mjs';
import { createMeeting, registerUser } from '../../lib/rest.mjs';
import { newParticipant } from './browser.mjs';

export const byTestId = (id) => `[data-testid="${id}"]`;

/** Creates a user over REST and a meeting hosted by them; returns { token, user, meeting }. */
export async function createMeetingViaApi(baseUrl, { meetingPassword } = {}) {
  const host = await registerUser(baseUrl, { prefix: 'host' });
  const fields = {
    title: 'Browser test',
    ...(meetingPassword ? { password: meetingPassword } : {}),
  };
  return { ...host, meeting: await createMeeting(baseUrl, host.token, fields) };
}

/** Stores a session in the page's localStorage the way the client does after signing in. */
export async function signInPage(page, baseUrl, auth) {
  await page.goto(`${baseUrl}/`);
  await page.evaluate((value) => localStorage.setItem('parley.session', JSON.stringify(value)), {
    token: auth.token,
    user: auth.user,
  });
}

/** Opens `/m/<id>?name=<name>&autojoin=1` and waits until the local video plays. */
export async function autojoin(page, baseUrl, meetingId, name) {
  if (process.env.PARLEY_TEST_CONSOLE)
    await page.addInitScript(() => localStorage.setItem('parley.debug', '1'));
  await page.goto(`${baseUrl}/m/${meetingId}?name=${encodeURIComponent(name)}&autojoin=1`);
  await page.waitForSelector(byTestId('local-video'), { timeout: 45000 }).catch(async (error) => {
    const text = await page.textContent('body').catch(() => '');
    throw new Error(
      `${name} did not reach the room; the page shows: ${text?.slice(0, 300)}\n${error.message}`,
    );
  });
}

/** The socket id of `page`'s call, once it has one. */
export function socketIdOf(page) {
  return page.waitForFunction(() => window.__parley?.socketId()).then((h) => h.jsonValue());
}

/**
 * A new participant in `browser` (newParticipant with `options`) who joins `meetingId` at
 * `origin` as `displayName`; resolves it with its `socketId`.
 */
export async function joinAs(browser, origin, meetingId, displayName, options = {}) {
  const p = await newParticipant(browser, origin, options);
  await autojoin(p.page, origin, meetingId, displayName);
  p.socketId = await socketIdOf(p.page);
  return p;
}

/**
 * Evaluates `fn(arg)` in `page` every `interval` ms until it returns something truthy (or
 * something `until` accepts), and returns that; on timeout the failure shows the last value.
 * Unlike page.waitForFunction, `fn` may be async: waitForFunction takes the promise an async
 * predicate returns for a truthy answer and returns at once.
 */
export async function pollPage(
  page,
  fn,
  arg,
  { timeout = 30000, interval = 250, what, until = Boolean } = {},
) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (until(value)) return value;
    if (Date.now() >= deadline) {
      assert.fail(`${what ?? 'page condition'} not met in ${timeout} ms: ${JSON.stringify(value)}`);
    }
    await sleep(interval);
  }
}

/** Waits until `page` shows `count` remote videos. */
export async function waitForRemoteVideos(page, count, timeout = 30000) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="remote-video"]').length === n,
    count,
    { timeout },
  );
}

/** The window.__parley.stats() snapshot: one entry per remote peer. */
export function peerStats(page) {
  return page.evaluate(() => window.__parley?.stats() ?? []);
}

/**
 * Waits until every one of `expectedPeers` remote peers delivers decoded video frames and
 * audio packets to `page`; returns the last snapshot.
 */
export async function waitForMedia(page, expectedPeers, { timeout = 45000, minFrames = 1 } = {}) {
  const deadline = Date.now() + timeout;
  let last = [];
  while (Date.now() < deadline) {
    last = await peerStats(page);
    const flowing = last.filter((p) => p.framesDecoded >= minFrames && p.audioPacketsReceived > 0);
    if (last.length === expectedPeers && flowing.length === expectedPeers) return last;
    await sleep(250);
  }
  assert.fail(
    `media did not flow to ${await page.evaluate(() => document.title)}: ${JSON.stringify(last)}`,
  );
}

/**
 * Waits until the first remote peer of `page` decoded `frames` more video frames and received
 * more audio packets than in the `since` snapshot (a peerStats() entry): media still flows.
 */
export async function waitForMoreMedia(page, since, { frames = 10, timeout = 30000 } = {}) {
  await pollPage(
    page,
    async ([f, a]) => {
      const [peer] = (await window.__parley?.stats()) ?? [];
      return peer && peer.framesDecoded > f && peer.audioPacketsReceived > a;
    },
    [since.framesDecoded + frames, since.audioPacketsReceived],
    { timeout, what: 'more media' },
  );
  return (await peerStats(page))[0];
}

/** The `participant` entries as seen by `page`. */
export function participants(page) {
  return page.$$eval(byTestId('participant'), (nodes) =>
    nodes.map((n) => ({
      userId: n.dataset.userId,
      audio: n.dataset.audio,
      video: n.dataset.video,
      hand: n.dataset.hand,
      text: n.textContent,
    })),
  );
}

/** Waits until `page` lists a participant with `userId` whose attributes match `expected`. */
export async function waitForParticipant(page, userId, expected, timeout = 15000) {
  await page.waitForFunction(
    ([id, want]) =>
      [...document.querySelectorAll('[data-testid="participant"]')].some(
        (n) =>
          n.dataset.userId === id && Object.entries(want).every(([k, v]) => n.dataset[k] === v),
      ),
    [userId, expected],
    { timeout },
  );
}

export function selfUserId(page) {
  return page.evaluate(
    () => JSON.parse(localStorage.getItem('parley.session') ?? 'null')?.user?.id ?? null,
  );
}
