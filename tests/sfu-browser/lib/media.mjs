// What the SFU tests read from each page: the topology, every remote participant's media
// through the SFU or the mesh (window.__parley.stats()), and the freeze monitor that samples
// each remote <video>'s decoded frame count every 100 ms (docs/web.md "The SFU").

import assert from 'node:assert/strict';
import { sleep } from '../../lib/process.mjs';
import {
  byTestId,
  createMeetingViaApi,
  joinAs,
  selfUserId,
  waitForRemoteVideos,
} from '../../browser/lib/meeting.mjs';

/** A meeting and `count` participants joined one after the other. */
export async function joinMeeting(rig, count, { meeting } = {}) {
  meeting ??= (await createMeetingViaApi(rig.server.url)).meeting;
  const people = [];
  for (let i = 0; i < count; i++) people.push(await joinOne(rig, meeting, `Person ${i + 1}`));
  return { meeting, people };
}

export async function joinOne(rig, meeting, name) {
  const p = await joinAs(rig.chrome.browser, rig.server.url, meeting.meetingId, name, {
    name,
    viewport: { width: 960, height: 540 },
  });
  p.userId = await selfUserId(p.page);
  return p;
}

export { waitForRemoteVideos };

export async function leave(p) {
  await p.page.click(byTestId('leave-button')).catch(() => undefined);
  await p.context.close();
}

export function waitTopology(page, mode, timeout = 60000) {
  return page.waitForSelector(`${byTestId('room')}[data-topology="${mode}"]`, { timeout });
}

/** Per remote socket id: the counters of the path `via` (camera feed for the SFU), summed. */
export async function mediaBySocket(page, via) {
  const stats = await page.evaluate(() => window.__parley?.stats() ?? []);
  const out = new Map();
  for (const s of stats) {
    if (s.via !== via || (via === 'sfu' && s.kind !== 'camera')) continue;
    out.set(s.socketId, s);
  }
  return out;
}

/**
 * Waits until `page` decodes video and receives audio from every socket in `from` through
 * `via`, and the frame and packet counts then grow; returns the last counters.
 */
export async function waitForMediaVia(page, from, via, { timeout = 60000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = new Map();
  const flowing = (m) =>
    from.every((id) => (m.get(id)?.framesDecoded ?? 0) > 0 && m.get(id).audioPacketsReceived > 0);
  while (Date.now() < deadline && !flowing(last)) {
    await sleep(250);
    last = await mediaBySocket(page, via);
  }
  assert.ok(
    flowing(last),
    `media via ${via} did not flow from ${from}: ${JSON.stringify([...last.values()])}`,
  );
  const first = last;
  while (Date.now() < deadline) {
    await sleep(500);
    last = await mediaBySocket(page, via);
    const growing = from.every(
      (id) =>
        last.get(id).framesDecoded > first.get(id).framesDecoded &&
        last.get(id).audioPacketsReceived > first.get(id).audioPacketsReceived,
    );
    if (growing) return last;
  }
  assert.fail(`media via ${via} stopped growing: ${JSON.stringify([...last.values()])}`);
}

/**
 * Starts sampling every remote <video>'s decoded frames every 100 ms. Per user id it keeps the
 * longest time without a new frame, every such gap over 500 ms (wall-clock ms, comparable
 * across pages), and how many distinct <video> elements it saw; for the page, every time its
 * own sampler ran more than 250 ms late (the page was starved of CPU).
 */
export function startFreezeMonitor(page) {
  return page.evaluate(() => {
    const state = { byUser: {}, elements: new WeakMap(), nextTag: 1, start: performance.now() };
    state.topologyAt = null;
    const room = document.querySelector('[data-testid="room"]');
    const topology = room?.dataset.topology;
    const frames = (v) =>
      v.getVideoPlaybackQuality?.().totalVideoFrames ?? v.webkitDecodedFrameCount ?? 0;
    const wall = (t) => performance.timeOrigin + t;
    state.lastTick = performance.now();
    state.maxTickGap = 0;
    state.stalls = [];
    const sample = () => {
      const now = performance.now();
      state.maxTickGap = Math.max(state.maxTickGap, now - state.lastTick);
      if (now - state.lastTick > 250) state.stalls.push([wall(state.lastTick), wall(now)]);
      state.lastTick = now;
      const shown = window.__parley?.shown() ?? {};
      if (state.topologyAt === null && room?.dataset.topology !== topology)
        state.topologyAt = now - state.start;
      for (const v of document.querySelectorAll('[data-testid="remote-video"]')) {
        const user = v.dataset.userId;
        if (!state.elements.has(v)) state.elements.set(v, state.nextTag++);
        const tag = state.elements.get(v);
        const u = (state.byUser[user] ??= { count: -1, since: now, maxGap: 0, tags: [], gaps: [] });
        if (!u.tags.includes(tag)) u.tags.push(tag);
        const n = frames(v);
        // The path the tile shows (a freeze says where it stopped and where it moved again).
        const path = shown[v.closest('[data-socket-id]')?.dataset.socketId] ?? '?';
        if (n !== u.count) {
          const gap = now - u.since;
          if (u.count >= 0 && gap > 500)
            u.gaps.push({ from: wall(u.since), to: wall(now), paths: `${u.path}->${path}` });
          if (u.count >= 0 && gap > u.maxGap) {
            u.maxGap = gap;
            u.gapEnd = now - state.start;
            u.gapPaths = `${u.path}->${path}`;
          }
          u.count = n;
          u.since = now;
          u.path = path;
        }
      }
    };
    window.__freeze = state;
    window.__freezeTimer = setInterval(sample, 100);
  });
}

/**
 * Per user id: the longest freeze so far (ms, an ongoing one included), the freezes over
 * 500 ms (an ongoing one included) and the <video> elements seen; and the page's stalls.
 */
export function readFreeze(page) {
  return page.evaluate(() => {
    const now = performance.now();
    const wall = performance.timeOrigin + now;
    const state = window.__freeze;
    const byUser = Object.fromEntries(
      Object.entries(state?.byUser ?? {}).map(([user, u]) => [
        user,
        {
          maxFreezeMs: Math.round(Math.max(u.maxGap, now - u.since)),
          gaps:
            now - u.since > 500
              ? [
                  ...u.gaps,
                  { from: performance.timeOrigin + u.since, to: wall, paths: `${u.path}->` },
                ]
              : u.gaps,
          elements: u.tags.length,
          // When the longest freeze ended and when the topology changed, ms after the start.
          gapEndMs: Math.round(u.gapEnd ?? 0),
          gapPaths: u.gapPaths ?? '',
          topologyAtMs: Math.round(state.topologyAt ?? -1),
        },
      ]),
    );
    return { byUser, stalls: state?.stalls ?? [], maxStallMs: Math.round(state?.maxTickGap ?? 0) };
  });
}

export function stopFreezeMonitor(page) {
  return page.evaluate(() => clearInterval(window.__freezeTimer));
}
