// Full-mesh media: with 2, 3 and 4 participants every one decodes video and receives audio
// from every other (inbound-rtp framesDecoded > 0 and packetsReceived > 0 per peer).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newParticipant, screenshot, useRig } from './lib/browser.mjs';
import {
  autojoin,
  createMeetingViaApi,
  waitForMedia,
  waitForRemoteVideos,
  byTestId,
} from './lib/meeting.mjs';
import { serverSkip as skip } from '../lib/servers.mjs';

describe('mesh media', { skip }, () => {
  const rig = useRig();

  async function meshOf(count, { simultaneous }) {
    const { meeting } = await createMeetingViaApi(rig.server.url);
    const people = [];
    for (let i = 0; i < count; i++)
      people.push(await newParticipant(rig.chrome.browser, rig.server.url, { name: `P${i + 1}` }));
    if (simultaneous) {
      await Promise.all(
        people.map((p, i) =>
          autojoin(p.page, rig.server.url, meeting.meetingId, `Person ${i + 1}`),
        ),
      );
    } else {
      for (const [i, p] of people.entries())
        await autojoin(p.page, rig.server.url, meeting.meetingId, `Person ${i + 1}`);
    }
    return { meeting, people };
  }

  async function checkEveryoneSeesEveryone(people) {
    const count = people.length;
    for (const p of people) await waitForRemoteVideos(p.page, count - 1);
    const snapshots = await Promise.all(people.map((p) => waitForMedia(p.page, count - 1)));
    for (const peers of snapshots) {
      assert.equal(peers.length, count - 1);
      for (const peer of peers) {
        assert.ok(peer.framesDecoded > 0, `no video frames from ${peer.userId}`);
        assert.ok(peer.audioPacketsReceived > 0, `no audio from ${peer.userId}`);
      }
    }
    // Every remote <video> plays unmuted (its audio is heard) and has a user id.
    for (const p of people) {
      const videos = await p.page.$$eval(byTestId('remote-video'), (els) =>
        els.map((v) => ({ muted: v.muted, user: v.dataset.userId, paused: v.paused })),
      );
      assert.equal(videos.length, count - 1);
      for (const v of videos) {
        assert.equal(v.muted, false);
        assert.equal(v.paused, false);
        assert.ok(v.user);
      }
    }
  }

  async function closeAll(people) {
    await Promise.all(people.map((p) => p.context.close()));
  }

  it('2 participants see and hear each other', async () => {
    const { people } = await meshOf(2, { simultaneous: false });
    await checkEveryoneSeesEveryone(people);
    await screenshot(people[0].page, 'mesh-2');
    await closeAll(people);
  });

  it('3 participants joining one after another all see and hear each other', async () => {
    const { people } = await meshOf(3, { simultaneous: false });
    await checkEveryoneSeesEveryone(people);
    await screenshot(people[2].page, 'mesh-3');
    await closeAll(people);
  });

  it('4 participants joining at the same instant all see and hear each other', async () => {
    const { people } = await meshOf(4, { simultaneous: true });
    await checkEveryoneSeesEveryone(people);
    await screenshot(people[0].page, 'mesh-4');
    await closeAll(people);
  });
});
