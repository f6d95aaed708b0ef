// Real media through the SFU (docs/signaling.md "Large meetings: the SFU"): a Chromium page
// publishes its fake camera through parley-server's sfu-publish, another subscribes to the
// feed the server announces once Janus has its media (sfu-feed), and decodes its video. Only
// the WebRTC is in the pages; the signaling is the real socket.io-client here. Janus gathers
// no loopback candidates, so this runs in a private network namespace (scripts/test.sh runs
// the suite under `unshare --net`) with a veth pair whose both ends stay in it (TESTING.md).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  closeAll,
  connect,
  createMeeting,
  emitAck,
  guest,
  join,
  nextEvent,
  until,
} from '../signaling/harness.mjs';
import { serverSkip } from '../lib/servers.mjs';
import { launchBrowser } from '../browser/lib/browser.mjs';
import { netnsSkipReason } from '../browser/lib/netns.mjs';
import { janusHolds, sfuServer } from './janus.mjs';

const skip = serverSkip || netnsSkipReason() || false;

/** In the page: resolves once ICE gathering is complete (no trickle needed then). */
const gathered = () =>
  new Promise((done) => {
    const pc = window.sfuPc;
    if (pc.iceGatheringState === 'complete') return done();
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') done();
    });
    setTimeout(done, 5000);
  });

describe('media through Janus', { skip }, () => {
  let sfu;
  let janus;
  let server;
  let rig;
  const sockets = [];

  before(async () => {
    sfu = await sfuServer(['--sfu-threshold', '0']);
    ({ janus, server } = sfu);
    rig = await launchBrowser({ args: ['--disable-features=WebRtcHideLocalIpsWithMdns'] });
  });
  after(async () => {
    await closeAll(sockets);
    await rig?.close();
    await sfu?.stop();
  });

  const page = async () => {
    const ctx = await rig.browser.newContext({ permissions: ['camera', 'microphone'] });
    const p = await ctx.newPage();
    await p.goto(`${server.url}/healthz`); // a secure context (127.0.0.1) for getUserMedia
    return p;
  };
  const member = async () => {
    const { token } = await guest(server, 'media');
    const s = await connect(server, token);
    sockets.push(s);
    s.token = token;
    return s;
  };

  test('a published camera reaches a subscriber through Janus', async () => {
    const [a, b] = [await member(), await member()];
    const m = await createMeeting(server, a.token);
    assert.equal((await join(a, m.meetingId)).ack.topology.mode, 'sfu');
    assert.equal((await join(b, m.meetingId)).ack.topology.mode, 'sfu');
    const [pa, pb] = [await page(), await page()];

    const offer = await pa.evaluate(async (gatheredSrc) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      window.sfuPc = new RTCPeerConnection();
      for (const t of stream.getTracks()) window.sfuPc.addTrack(t, stream);
      await window.sfuPc.setLocalDescription(await window.sfuPc.createOffer());
      await eval(`(${gatheredSrc})`)();
      return { type: 'offer', sdp: window.sfuPc.localDescription.sdp };
    }, gathered.toString());
    const announced = nextEvent(b, 'sfu-feed', { timeout: 30000 });
    const pub = await emitAck(a, 'sfu-publish', { kind: 'camera', offer }, 15000);
    assert.equal(pub.ok, true, JSON.stringify(pub));
    await pa.evaluate((answer) => window.sfuPc.setRemoteDescription(answer), pub.answer);
    const feed = await announced;
    assert.deepEqual(feed, { feed: pub.feed, socketId: a.id, userId: feed.userId, kind: 'camera' });

    // A live feed, named from another meeting on the SFU: not_found, never passed to Janus.
    const c = await member();
    const other = await createMeeting(server, c.token);
    assert.equal((await join(c, other.meetingId)).ack.topology.mode, 'sfu');
    const foreign = await emitAck(c, 'sfu-subscribe', { feed: pub.feed });
    assert.equal(foreign.error?.code, 'not_found', JSON.stringify(foreign));
    assert.ok((await emitAck(c, 'leave')).ok);

    // docs/signaling.md "Layers nobody watches": the publisher hears the top layer anyone
    // asks of its feed. It starts with the two lowest (as if told 1); a subscription that names
    // no layer counts as the top one, 2.
    let watched = nextEvent(a, 'sfu-watched', { timeout: 10000 });
    const sub = await emitAck(b, 'sfu-subscribe', { feed: pub.feed }, 15000);
    assert.deepEqual(await watched, { pc: pub.pc, substream: 2 });
    assert.equal(sub.ok, true, JSON.stringify(sub));
    assert.equal(sub.offer.type, 'offer');
    const answer = await pb.evaluate(
      async ([offer, gatheredSrc]) => {
        window.sfuPc = new RTCPeerConnection();
        await window.sfuPc.setRemoteDescription(offer);
        await window.sfuPc.setLocalDescription(await window.sfuPc.createAnswer());
        await eval(`(${gatheredSrc})`)();
        return { type: 'answer', sdp: window.sfuPc.localDescription.sdp };
      },
      [sub.offer, gathered.toString()],
    );
    assert.equal((await emitAck(b, 'sfu-answer', { pc: sub.pc, answer }, 15000)).ok, true);
    watched = nextEvent(a, 'sfu-watched', { timeout: 10000 });
    assert.equal((await emitAck(b, 'sfu-layer', { pc: sub.pc, substream: 0 })).ok, true);
    assert.deepEqual(await watched, { pc: pub.pc, substream: 0 });
    await until(
      async () =>
        pb.evaluate(async () => {
          const stats = await window.sfuPc.getStats();
          let frames = 0;
          stats.forEach((r) => {
            if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded ?? 0;
          });
          return frames > 0;
        }),
      { timeout: 30000, what: 'the subscriber decoding video' },
    );

    watched = nextEvent(a, 'sfu-watched', { timeout: 10000 });
    assert.equal((await emitAck(b, 'sfu-layer', { pc: sub.pc, substream: 1 })).ok, true);
    assert.deepEqual(await watched, { pc: pub.pc, substream: 1 });
    // Its last subscriber gone, nobody watches the feed: -1.
    watched = nextEvent(a, 'sfu-watched', { timeout: 10000 });
    assert.equal((await emitAck(b, 'sfu-unsubscribe', { pc: sub.pc })).ok, true);
    assert.deepEqual(await watched, { pc: pub.pc, substream: -1 });

    // The publisher leaves: the subscriber hears the feed is gone; Janus keeps nothing of it.
    const removed = nextEvent(b, 'sfu-feed-removed', { timeout: 10000 });
    assert.ok((await emitAck(a, 'leave')).ok);
    assert.deepEqual(await removed, { feed: pub.feed, socketId: a.id, kind: 'camera' });
    assert.ok((await emitAck(b, 'leave')).ok);
    await until(
      async () => {
        const h = await janusHolds(janus);
        return h.handles === 1 && h.rooms === 0; // parley's control handle only
      },
      { timeout: 10000, what: 'Janus holding nothing but the control handle' },
    );
  });
});
