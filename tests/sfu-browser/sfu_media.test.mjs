// Six participants in SFU mode (--sfu-threshold 0: every meeting is on the SFU): every one
// decodes every other's video and receives their audio through Janus, with one playing
// remote <video> per other participant (docs/web.md "The SFU").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byTestId, pollPage } from '../browser/lib/meeting.mjs';
import { screenshot } from '../browser/lib/browser.mjs';
import { useSfuRig, sfuSkipReason } from './lib/rig.mjs';
import { joinMeeting, waitForMediaVia, waitTopology } from './lib/media.mjs';

const skip = sfuSkipReason();

describe('SFU media, 6 participants', { skip }, () => {
  // A 320x180 camera (one layer): six pages encoding three layers each and decoding five
  // streams starve two cores (RTCP round trips of 7-17 s seen, subscriptions never
  // connecting). Simulcast and layer choice are tested in sfu_room.test.mjs.
  const rig = useSfuRig({
    serverArgs: ['--sfu-threshold', '0'],
    clip: { width: 320, height: 180 },
  });

  it('every participant decodes every other one through the SFU', async () => {
    const started = Date.now();
    const { people } = await joinMeeting(rig, 6);
    for (const p of people) await waitTopology(p.page, 'sfu');
    for (const p of people) {
      const others = people.filter((o) => o !== p).map((o) => o.socketId);
      const media = await waitForMediaVia(p.page, others, 'sfu', { timeout: 90000 });
      assert.equal(media.size, 5);
      // No mesh link is left: all media comes through Janus.
      const stats = await p.page.evaluate(() => window.__parley.stats());
      assert.equal(stats.filter((s) => s.via === 'mesh').length, 0, `${p.name} kept mesh links`);
      const videos = await p.page.$$eval(byTestId('remote-video'), (els) =>
        els.map((v) => ({ user: v.dataset.userId, paused: v.paused, muted: v.muted })),
      );
      assert.equal(videos.length, 5);
      for (const v of videos) assert.deepEqual([v.paused, v.muted], [false, false]);
    }
    // The layer each subscriber asked for (simulcast) is set once the tiles are measured.
    const layers = await pollPage(
      people[0].page,
      async () => {
        const s = (await window.__parley.stats()).filter((x) => x.via === 'sfu');
        return s.every((x) => x.layer !== null) && s.map((x) => x.layer);
      },
      null,
      { timeout: 30000, interval: 500, what: 'a layer for every subscription' },
    );
    console.log(
      `# sfu 6 people: all media after ${Date.now() - started} ms; layers ${JSON.stringify(layers)}`,
    );
    await screenshot(people[0].page, 'sfu-six');
  });
});
