// The automatic switch (docs/signaling.md "Large meetings: the SFU", default threshold 4): a
// 4-person mesh moves to the SFU when the 5th joins, and back to the mesh after two leave
// (--sfu-down-delay 5 instead of the default 30 s, to keep the suite short). Make-before-
// break: each remote <video> stays the same element and freezes for no more than 1 s across
// either switch (time a page was starved of CPU aside, see checkFreezes), measured from its
// decoded frames sampled every 100 ms (docs/web.md "Tests").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useSfuRig, sfuSkipReason } from './lib/rig.mjs';
import { pollPage } from '../browser/lib/meeting.mjs';
import {
  joinMeeting,
  joinOne,
  leave,
  readFreeze,
  startFreezeMonitor,
  stopFreezeMonitor,
  waitForMediaVia,
  waitForRemoteVideos,
  waitTopology,
} from './lib/media.mjs';

const skip = sfuSkipReason();
const FREEZE_LIMIT_MS = 1000;

const othersOf = (people, p) => people.filter((o) => o !== p).map((o) => o.socketId);

/**
 * Waits until every tile of `page` plays `path` and no connection of the old path is left,
 * whatever its state (a link that never connected must not stay behind either).
 */
async function waitSwitched(page, path, count) {
  const other = path === 'sfu' ? 'mesh' : 'sfu';
  await pollPage(
    page,
    async () => ({
      shown: Object.values(window.__parley.shown()),
      old: (await window.__parley.stats())
        .filter((s) => s.via === 'mesh' || s.via === 'sfu')
        .map((s) => ({ via: s.via, state: s.state, frames: s.framesDecoded })),
    }),
    null,
    {
      timeout: 90000,
      what: `all ${count} tiles on the ${path}, the ${other} path closed`,
      until: ({ shown, old }) =>
        shown.length === count &&
        shown.every((s) => s === path) &&
        !old.some((s) => s.via === other),
    },
  );
}

/** How much of [from, to] the intervals cover (overlapping intervals counted once). */
function covered({ from, to }, intervals) {
  let total = 0;
  let reached = from;
  for (const [a, b] of [...intervals].sort((x, y) => x[0] - y[0])) {
    const start = Math.max(a, reached);
    const end = Math.min(b, to);
    if (end > start) total += end - start;
    reached = Math.max(reached, Math.min(b, to));
  }
  return total;
}

/**
 * Reads and logs each receiver's freezes; returns the problems found. Five browsers share two
 * cores here, so a page is sometimes starved of CPU for over a second (its own 100 ms sampler
 * runs late): a receiver starved cannot count frames, a sender starved sends none. Each
 * freeze is held to the limit without the time during which the receiving or the sending
 * page was starved; the logs give both figures.
 */
async function checkFreezes(people, label, ignore = []) {
  const problems = [];
  const read = new Map();
  for (const p of people) {
    read.set(p, await readFreeze(p.page));
    await stopFreezeMonitor(p.page);
  }
  const stallsOf = new Map([...read].map(([p, r]) => [p.userId, r.stalls]));
  for (const [p, { byUser, maxStallMs }] of read) {
    for (const user of ignore) delete byUser[user];
    const figures = Object.entries(byUser).map(
      ([user, f]) =>
        `${user.slice(0, 6)} ${f.maxFreezeMs} ms (${f.gapPaths}, ended at ${f.gapEndMs}, switch at ${f.topologyAtMs})`,
    );
    console.log(
      `# max freeze per remote video at ${p.name} ${label}: ${figures.join('; ')}; sampler stalled up to ${maxStallMs} ms`,
    );
    for (const [user, f] of Object.entries(byUser)) {
      if (f.elements !== 1) problems.push(`${p.name}: the <video> of ${user} was replaced`);
      const starved = [...stallsOf.get(p.userId), ...(stallsOf.get(user) ?? [])];
      for (const gap of f.gaps) {
        const ms = Math.round(gap.to - gap.from);
        const unexplained = Math.round(ms - covered(gap, starved));
        if (unexplained <= FREEZE_LIMIT_MS) {
          if (ms > FREEZE_LIMIT_MS)
            console.log(
              `# ${p.name}: ${user.slice(0, 6)} froze ${ms} ms (${gap.paths}), ${ms - unexplained} ms of it a starved page`,
            );
          continue;
        }
        problems.push(
          `${p.name}: video of ${user} froze ${ms} ms ${label} (${gap.paths}; ${unexplained} ms with both pages running)`,
        );
      }
    }
  }
  return problems;
}

describe('mesh to SFU and back', { skip }, () => {
  const rig = useSfuRig({ serverArgs: ['--sfu-down-delay', '5'] });

  it('switches up at the 5th join and down after leaves without freezing video', async () => {
    const { meeting, people } = await joinMeeting(rig, 4);
    for (const p of people) {
      await waitTopology(p.page, 'mesh');
      await waitForMediaVia(p.page, othersOf(people, p), 'mesh');
    }
    for (const p of people) await startFreezeMonitor(p.page);

    const fifth = await joinOne(rig, meeting, 'Person 5');
    const five = [...people, fifth];
    for (const p of five) await waitTopology(p.page, 'sfu');
    // Media through the SFU first (it can take a minute on a loaded machine), then the tiles
    // on it and the mesh links closed.
    for (const p of five) {
      await waitForMediaVia(p.page, othersOf(five, p), 'sfu');
      await waitSwitched(p.page, 'sfu', 4);
    }
    // The newcomer's tile starts fresh (nothing to switch): only the existing tiles count.
    const problems = await checkFreezes(people, 'going up', [fifth.userId]);

    // 5 -> 3 people: the server moves the meeting down after the delay at threshold-1 or fewer.
    await leave(five[3]);
    await leave(five[4]);
    const three = five.slice(0, 3);
    for (const p of three) await waitForRemoteVideos(p.page, 2);
    for (const p of three) await startFreezeMonitor(p.page);
    for (const p of three) await waitTopology(p.page, 'mesh', 120000);
    for (const p of three) {
      await waitForMediaVia(p.page, othersOf(three, p), 'mesh');
      await waitSwitched(p.page, 'mesh', 2);
    }
    problems.push(...(await checkFreezes(three, 'going down')));
    assert.deepEqual(problems, []);
  });
});
