// Janus killed mid-meeting (docs/signaling.md "Failure"): three people on the SFU
// (--sfu-threshold 0) are put back on the mesh, told in plain words, and decode each other's
// media again within 10 s of the kill.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byTestId } from '../browser/lib/meeting.mjs';
import { useSfuRig, sfuSkipReason } from './lib/rig.mjs';
import { joinMeeting, waitForMediaVia, waitTopology } from './lib/media.mjs';

const skip = sfuSkipReason();

describe('Janus dies mid-meeting', { skip }, () => {
  const rig = useSfuRig({ serverArgs: ['--sfu-threshold', '0'] });

  it('puts the meeting back on the mesh and restores media within 10 s', async () => {
    const { people } = await joinMeeting(rig, 3);
    const othersOf = (p) => people.filter((o) => o !== p).map((o) => o.socketId);
    for (const p of people) {
      await waitTopology(p.page, 'sfu');
      await waitForMediaVia(p.page, othersOf(p), 'sfu');
    }
    const killedAt = Date.now();
    rig.janus.kill();
    const restored = await Promise.all(
      people.map(async (p) => {
        await waitTopology(p.page, 'mesh', 15000);
        await waitForMediaVia(p.page, othersOf(p), 'mesh', { timeout: 15000 });
        return Date.now() - killedAt;
      }),
    );
    console.log(`# media back on the mesh after the kill (ms): ${JSON.stringify(restored)}`);
    for (const ms of restored) assert.ok(ms <= 10000, `media restored only after ${ms} ms`);
    for (const p of people) {
      const notice = await p.page.textContent(byTestId('topology-notice'));
      assert.ok(notice && notice.length > 20, `no plain-words notice: ${notice}`);
      const videos = await p.page.$$eval(byTestId('remote-video'), (els) => els.length);
      assert.equal(videos, 2);
    }
  });
});
