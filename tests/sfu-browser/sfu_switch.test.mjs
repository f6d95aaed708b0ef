// The automatic switch (docs/signaling.md "Large meetings: the SFU", default threshold 4): a
// 4-person mesh moves to the SFU when the 5th joins, and back to the mesh after two leave
// (--sfu-down-delay 5 instead of the default 30 s, to keep the suite short). Make-before-break: each remote <video> stays the same element and freezes for no
// more than 1 s across either switch, measured from its decoded frames sampled every 100 ms.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useSfuRig, sfuSkipReason } from './lib/rig.mjs';
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

/** Waits until every tile of `page` plays `path` and the old path is closed. */
async function waitSwitched(page, path, count) {
  await page.waitForFunction(
    async ([want, n]) => {
      const shown = Object.values(window.__parley.shown());
      const stats = await window.__parley.stats();
      const other = want === 'sfu' ? 'mesh' : 'sfu';
      return (
        shown.length === n && shown.every((s) => s === want) && !stats.some((s) => s.via === other)
      );
    },
    [path, count],
    { timeout: 60000, polling: 250 },
  );
}

async function checkFreezes(people, label, ignore = []) {
  const seen = [];
  for (const p of people) {
    const debug = await p.page.evaluate(() => ({
      shownAt: window.__freeze.shownAt,
      samplerStallMs: Math.round(window.__freeze.maxTickGap),
    }));
    console.log(`# ${p.name}: ${JSON.stringify(debug)}`);
    const freeze = await readFreeze(p.page);
    await stopFreezeMonitor(p.page);
    for (const user of ignore) delete freeze[user];
    const figures = Object.entries(freeze).map(
      ([user, f]) =>
        `${user.slice(0, 6)} ${f.maxFreezeMs} ms (ended at ${f.gapEndMs}, switch at ${f.topologyAtMs})`,
    );
    console.log(`# max freeze per remote video at ${p.name} ${label}: ${figures.join('; ')}`);
    seen.push([p, freeze]);
  }
  for (const [p, freeze] of seen) {
    for (const [user, f] of Object.entries(freeze)) {
      assert.equal(f.elements, 1, `${p.name}: the <video> of ${user} was replaced`);
      assert.ok(
        f.maxFreezeMs <= FREEZE_LIMIT_MS,
        `${p.name}: video of ${user} froze ${f.maxFreezeMs} ms ${label}`,
      );
    }
  }
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
    for (const p of five) {
      await waitSwitched(p.page, 'sfu', 4);
      await waitForMediaVia(p.page, othersOf(five, p), 'sfu');
    }
    // The newcomer's tile starts fresh (nothing to switch): only the existing tiles count.
    await checkFreezes(people, 'going up', [fifth.userId]);

    // 5 -> 3 people: the server moves the meeting down after the delay at threshold-1 or fewer.
    await leave(five[3]);
    await leave(five[4]);
    const three = five.slice(0, 3);
    for (const p of three) await waitForRemoteVideos(p.page, 2);
    for (const p of three) await startFreezeMonitor(p.page);
    for (const p of three) await waitTopology(p.page, 'mesh', 120000);
    for (const p of three) {
      await waitSwitched(p.page, 'mesh', 2);
      await waitForMediaVia(p.page, othersOf(three, p), 'mesh');
    }
    await checkFreezes(three, 'going down');
  });
});
