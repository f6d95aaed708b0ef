// The SFU's signaling end to end (docs/signaling.md "Large meetings: the SFU"): a real Janus
// (scripts/janus.sh) and parley-server --janus. Media never flows here (Janus gathers no
// loopback candidates; the browser suite covers media): this suite checks the topology
// switch, Janus's answers relayed over the sfu-* events, the refusals, and that leaving,
// disconnecting and ending leave nothing behind in Janus (read from its Admin API).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertError,
  closeAll,
  connect,
  createMeeting,
  emitAck,
  guest,
  join,
  metrics,
  nextEvent,
  record,
  skip,
  until,
} from '../signaling/harness.mjs';
import { fakeOffer, janusHolds, janusRemoteCandidates, sfuServer } from './janus.mjs';

describe('SFU signaling through a real Janus', { skip }, () => {
  let sfu;
  let janus;
  let server;
  const sockets = [];

  before(async () => {
    sfu = await sfuServer(['--sfu-down-delay', '2']);
    ({ janus, server } = sfu);
    await until(async () => (await metrics(server))['parley_sfu_up'] === 1, {
      timeout: 15000,
      what: 'parley_sfu_up 1',
    });
  });
  after(async () => {
    await closeAll(sockets);
    await sfu?.stop();
  });

  /** A new guest's connected socket (closed when the suite ends). */
  const member = async (name = 'guest') => {
    const { token } = await guest(server, name);
    const s = await connect(server, token);
    sockets.push(s);
    s.token = token;
    return s;
  };

  /** A meeting and `n` members joined one after the other; each records `topology`. */
  const meeting = async (n) => {
    const host = await member('host');
    const m = await createMeeting(server, host.token);
    const all = [host];
    for (let i = 1; i < n; i++) all.push(await member());
    for (const s of all) s.topologies = record(s, 'topology');
    for (const s of all) await join(s, m.meetingId);
    return { id: m.meetingId, all };
  };

  /** What Janus holds beyond parley's own session and control handle. */
  const held = async () => {
    const h = await janusHolds(janus);
    return { handles: h.handles - 1, rooms: h.rooms };
  };

  test('a meeting moves to the SFU at its 5th join, and everyone is told', async () => {
    const host = await member('host');
    const m = await createMeeting(server, host.token);
    const all = [host, await member(), await member(), await member()];
    for (const s of all) {
      const first = nextEvent(s, 'topology');
      const { ack } = await join(s, m.meetingId);
      assert.deepEqual(ack.topology, { mode: 'mesh' });
      assert.deepEqual(await first, { mode: 'mesh' }, 'topology before the ack');
    }
    const fifth = await member();
    const heard = all.map((s) => nextEvent(s, 'topology'));
    const feeds = nextEvent(fifth, 'sfu-feeds');
    const topo = nextEvent(fifth, 'topology');
    const { ack } = await join(fifth, m.meetingId);
    assert.deepEqual(ack.topology, { mode: 'sfu' });
    assert.deepEqual(await topo, { mode: 'sfu' });
    assert.deepEqual(await feeds, []);
    for (const t of await Promise.all(heard)) assert.deepEqual(t, { mode: 'sfu' });
    const mx = await metrics(server);
    assert.ok(mx['parley_meetings{topology="sfu"}'] >= 1);

    // A publisher makes the meeting's VideoRoom.
    const before = await held();
    const pub = await emitAck(host, 'sfu-publish', { kind: 'camera', offer: fakeOffer() }, 15000);
    assert.ok(pub.ok, JSON.stringify(pub));
    assert.equal((await held()).rooms, before.rooms + 1);

    // Down again after --sfu-down-delay (2 s) at threshold-1 (3) or fewer.
    const down = all.slice(0, 3).map((s) => nextEvent(s, 'topology', { timeout: 10000 }));
    assert.ok((await emitAck(fifth, 'leave')).ok);
    assert.ok((await emitAck(all[3], 'leave')).ok);
    for (const t of await Promise.all(down)) assert.deepEqual(t, { mode: 'mesh' });
    // The VideoRoom stays while a feed is left (the client unpublishes once its mesh links
    // carry media), and goes once none is and the grace period has passed.
    assert.equal((await held()).rooms, before.rooms + 1);
    assert.ok((await emitAck(host, 'sfu-unpublish', { pc: pub.pc })).ok);
    await until(async () => (await held()).rooms === before.rooms, {
      timeout: 15000,
      what: 'the VideoRoom destroyed back on the mesh',
    });
    for (const s of all.slice(0, 3)) assert.ok((await emitAck(s, 'leave')).ok);
  });

  test('a publisher gets Janus answer; Janus holds its handle and room until it leaves', async () => {
    const { all } = await meeting(5);
    const [a, b] = all;
    const before = await held();
    const ack = await emitAck(a, 'sfu-publish', { kind: 'camera', offer: fakeOffer() }, 15000);
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.equal(typeof ack.pc, 'string');
    assert.match(ack.feed, /^\d+$/);
    assert.equal(ack.answer.type, 'answer');
    assert.match(ack.answer.sdp, /m=video/);
    const during = await held();
    assert.equal(during.handles, before.handles + 1, 'one publisher handle');
    assert.equal(during.rooms, before.rooms + 1, 'one VideoRoom');

    // Its own candidates are accepted; the same pc from another socket is not.
    const cand = {
      candidate: 'candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    };
    assert.equal((await emitAck(a, 'sfu-candidate', { pc: ack.pc, candidate: cand })).ok, true);
    // Several in one event, as the web client sends those gathered together: Janus takes each.
    const hosts = ['10.0.0.2 50002', '10.0.0.3 50003'];
    const candidates = hosts.map((h) => ({
      candidate: `candidate:2 1 udp 2122260223 ${h} typ host`,
      sdpMid: '0',
      sdpMLineIndex: 0,
    }));
    assert.equal((await emitAck(a, 'sfu-candidate', { pc: ack.pc, candidates })).ok, true);
    await until(
      async () => {
        const held = await janusRemoteCandidates(janus);
        return hosts.every((h) => held.some((c) => c.includes(h)));
      },
      { what: 'Janus holding both candidates of one sfu-candidate' },
    );
    assert.equal((await emitAck(a, 'sfu-candidate', { pc: ack.pc, candidate: null })).ok, true);
    assertError(await emitAck(b, 'sfu-candidate', { pc: ack.pc, candidate: cand }), 'not_found');
    assertError(await emitAck(b, 'sfu-unpublish', { pc: ack.pc }), 'not_found');
    assertError(
      await emitAck(b, 'sfu-answer', { pc: ack.pc, answer: { type: 'answer', sdp: 'v=0' } }),
      'not_found',
    );
    assertError(await emitAck(b, 'sfu-layer', { pc: ack.pc, substream: 1 }), 'not_found');
    // Subscribing to one's own feed, or to a feed whose media Janus does not have.
    assertError(await emitAck(a, 'sfu-subscribe', { feed: ack.feed }), 'not_found');
    assertError(await emitAck(b, 'sfu-subscribe', { feed: ack.feed }), 'not_found');
    assertError(await emitAck(b, 'sfu-subscribe', { feed: '12345' }), 'not_found');
    // A first layer outside 0..2 is refused before any lookup.
    assertError(
      await emitAck(b, 'sfu-subscribe', { feed: ack.feed, substream: 3 }),
      'invalid_payload',
    );
    // A renegotiation on its own pc gets a fresh answer.
    const again = await emitAck(
      a,
      'sfu-publish',
      { kind: 'camera', pc: ack.pc, offer: fakeOffer() },
      15000,
    );
    assert.equal(again.ok, true, JSON.stringify(again));
    assert.equal(again.pc, ack.pc);

    assert.ok((await emitAck(a, 'leave')).ok);
    await until(async () => (await held()).handles === before.handles, { what: 'handle detached' });
    for (const s of all.slice(1)) assert.ok((await emitAck(s, 'leave')).ok);
    await until(async () => (await held()).rooms === before.rooms, { what: 'VideoRoom destroyed' });
  });

  test('unpublish, disconnect and meeting end detach and destroy what Janus holds', async () => {
    const before = await held();
    const { id, all } = await meeting(5);
    const [host, a, b] = all;
    const pa = await emitAck(a, 'sfu-publish', { kind: 'camera', offer: fakeOffer() }, 15000);
    const pb = await emitAck(b, 'sfu-publish', { kind: 'screen', offer: fakeOffer() }, 15000);
    const ph = await emitAck(host, 'sfu-publish', { kind: 'camera', offer: fakeOffer() }, 15000);
    assert.ok(pa.ok && pb.ok && ph.ok);
    assert.deepEqual(await held(), { handles: before.handles + 3, rooms: before.rooms + 1 });

    assert.ok((await emitAck(a, 'sfu-unpublish', { pc: pa.pc })).ok);
    await until(async () => (await held()).handles === before.handles + 2, { what: 'unpublish' });
    b.disconnect();
    await until(async () => (await held()).handles === before.handles + 1, { what: 'disconnect' });

    const ended = nextEvent(a, 'meeting-ended');
    assert.ok((await emitAck(host, 'end-meeting')).ok);
    assert.equal((await ended).meetingId, id);
    await until(
      async () => {
        const h = await held();
        return h.handles === before.handles && h.rooms === before.rooms;
      },
      { what: 'nothing left in Janus after the meeting ended' },
    );
  });

  test('bad SFU input is refused before Janus', async () => {
    const { all } = await meeting(5);
    const [a] = all;
    const big = { type: 'offer', sdp: `v=0\r\n${'a=x\r\n'.repeat(14000)}` };
    assert.ok(big.sdp.length > 64 * 1024);
    assertError(await emitAck(a, 'sfu-publish', { kind: 'camera', offer: big }), 'invalid_payload');
    assertError(
      await emitAck(a, 'sfu-publish', { kind: 'webcam', offer: fakeOffer() }),
      'invalid_payload',
    );
    assertError(
      await emitAck(a, 'sfu-publish', { kind: 'camera', offer: { type: 'answer', sdp: 'v=0' } }),
      'invalid_payload',
    );
    assertError(
      await emitAck(a, 'sfu-candidate', { pc: 'x', candidate: 'c'.repeat(3000) }),
      'invalid_payload',
    );
    assertError(
      await emitAck(a, 'sfu-candidate', { pc: 'x', candidates: Array(17).fill('candidate:1') }),
      'invalid_payload',
    );
    assertError(await emitAck(a, 'sfu-layer', { pc: 'x', substream: 3 }), 'invalid_payload');
    assertError(await emitAck(a, 'sfu-unsubscribe', { pc: 'nope' }), 'not_found');
    assertError(
      await emitAck(a, 'sfu-answer', { pc: 'nope', answer: { type: 'answer', sdp: 'v=0' } }),
      'not_found',
    );

    // A publisher of this meeting, and a member of another SFU meeting naming it.
    const pub = await emitAck(a, 'sfu-publish', { kind: 'camera', offer: fakeOffer() }, 15000);
    assert.ok(pub.ok);
    const other = await meeting(5);
    assertError(await emitAck(other.all[0], 'sfu-subscribe', { feed: pub.feed }), 'not_found');
    assertError(
      await emitAck(other.all[0], 'sfu-candidate', { pc: pub.pc, candidate: null }),
      'not_found',
    );
    // Two publishers per socket at most.
    assert.ok((await emitAck(a, 'sfu-publish', { kind: 'screen', offer: fakeOffer() }, 15000)).ok);
    assertError(
      await emitAck(a, 'sfu-publish', { kind: 'camera', offer: fakeOffer() }),
      'rate_limited',
    );

    // SFU events in a mesh meeting, and after leaving.
    const small = await meeting(2);
    assertError(
      await emitAck(small.all[0], 'sfu-publish', { kind: 'camera', offer: fakeOffer() }),
      'wrong_topology',
    );
    assertError(await emitAck(small.all[1], 'sfu-subscribe', { feed: pub.feed }), 'wrong_topology');
    assert.ok((await emitAck(a, 'leave')).ok);
    assertError(await emitAck(a, 'sfu-candidate', { pc: pub.pc, candidate: null }), 'not_in_room');
    for (const group of [all, other.all, small.all])
      for (const s of group) if (s !== a) await emitAck(s, 'leave');
  });

  test('Janus killed: SFU meetings that fit go back to the mesh, larger ones refuse joins; Janus back: both carry on', async () => {
    const fits = await meeting(5);
    const large = await meeting(9);
    const told = fits.all.map((s) => nextEvent(s, 'topology', { timeout: 10000 }));
    const largeTopologies = large.all.map((s) => record(s, 'topology'));
    janus.kill();
    for (const t of await Promise.all(told)) {
      assert.equal(t.mode, 'mesh');
      assert.equal(t.reason, 'sfu_unavailable');
      assert.ok(t.message.length > 10);
    }
    await until(async () => (await metrics(server))['parley_sfu_up'] === 0, {
      what: 'parley_sfu_up 0',
    });
    const late = await member();
    const refused = await emitAck(late, 'join', { room: large.id });
    assertError(refused, 'meeting_full');
    assert.ok(largeTopologies.every((seen) => seen.every((t) => t.mode === 'sfu')));
    // SFU events now: the meeting is on the mesh (wrong_topology) or Janus is gone.
    assertError(
      await emitAck(large.all[0], 'sfu-publish', { kind: 'camera', offer: fakeOffer() }),
      'sfu_unavailable',
    );
    // A join while Janus is down gets the reason too.
    const sixth = await member();
    const topo = nextEvent(sixth, 'topology');
    const { ack } = await join(sixth, fits.id);
    assert.equal(ack.topology.mode, 'mesh');
    assert.equal((await topo).reason, 'sfu_unavailable');

    // Janus comes back (same address and secret): the server reconnects by itself, the
    // meeting that went down to the mesh moves up again on its next join, and Janus holds a
    // VideoRoom for it once more; the large one takes joins again.
    await janus.restart();
    await until(async () => (await metrics(server))['parley_sfu_up'] === 1, {
      timeout: 45000,
      what: 'parley_sfu_up 1 after Janus restarted',
    });
    const up = fits.all.map((s) => nextEvent(s, 'topology', { timeout: 15000 }));
    const seventh = await member();
    const again = await join(seventh, fits.id);
    assert.equal(again.ack.topology.mode, 'sfu');
    for (const t of await Promise.all(up)) assert.equal(t.mode, 'sfu');
    const offer = { kind: 'camera', offer: fakeOffer() };
    const published = await emitAck(fits.all[0], 'sfu-publish', offer, 15000);
    assert.equal(published.ok, true, JSON.stringify(published));
    assert.ok((await held()).rooms >= 1);
    const ninth = await member();
    assert.equal((await emitAck(ninth, 'join', { room: large.id })).ok, true);
    // Its members' connections died with the old Janus: publishing again works (the client's
    // repair, docs/web.md "The SFU"), into a VideoRoom made anew.
    const republished = await emitAck(large.all[1], 'sfu-publish', offer, 15000);
    assert.equal(republished.ok, true, JSON.stringify(republished));
    assert.ok((await held()).rooms >= 2);
    // Everyone in the large meeting was told to publish anew (docs/signaling.md).
    assert.ok(largeTopologies.every((seen) => seen.some((t) => t.mode === 'sfu')));
  });
});
