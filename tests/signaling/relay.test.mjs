// offer / answer / ice-candidate: relayed only to a target in the sender's room; everything
// else is refused with an ack error and never delivered.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  skip,
  useServer,
  guest,
  createMeeting,
  connect,
  emitAck,
  join,
  closeAll,
  record,
  roomMarker,
  fakeSdp,
  fakeCandidate,
  metrics,
  metricSum,
  nextEvent,
  assertError,
  clusterTodo,
} from './harness.mjs';

const KiB = 1024;

describe('relays', { skip }, () => {
  const server = useServer();
  let a;
  let b;
  let c;
  let loner;
  let room1;
  let room2;
  const heard = {};
  before(async () => {
    const host = await guest(server, 'Host');
    room1 = await createMeeting(server, host.token);
    room2 = await createMeeting(server, host.token);
    a = await server.open((await guest(server, 'A')).token);
    b = await server.open((await guest(server, 'B')).token);
    c = await server.open((await guest(server, 'C')).token);
    loner = await server.open((await guest(server, 'L')).token);
    await join(a, room1.meetingId);
    await join(b, room1.meetingId);
    await join(c, room2.meetingId);
    for (const [name, s] of Object.entries({ a, b, c, loner })) {
      heard[name] = {
        offer: record(s, 'offer'),
        answer: record(s, 'answer'),
        cand: record(s, 'ice-candidate'),
      };
    }
  });

  const relays = [
    ['offer', () => ({ offer: fakeSdp('offer', 2000) })],
    ['answer', () => ({ answer: fakeSdp('answer', 2000) })],
    ['ice-candidate', () => ({ candidate: fakeCandidate(1) })],
  ];

  test('a target in another room is not_in_room and gets nothing', async () => {
    const before = await metrics(server);
    for (const [event, body] of relays) {
      assertError(await emitAck(a, event, { ...body(), targetSocket: c.id }), 'not_in_room');
    }
    // Fire-and-forget (no ack) is refused just the same: the acked one after it shows it was
    // handled, then a marker in each room shows nothing was on its way.
    c.emit('offer', { offer: fakeSdp('offer', 100), targetSocket: a.id });
    assertError(
      await emitAck(c, 'offer', { offer: fakeSdp('offer', 100), targetSocket: a.id }),
      'not_in_room',
    );
    await roomMarker(c);
    await roomMarker(b, [a]);
    assert.equal(heard.c.offer.length + heard.c.answer.length + heard.c.cand.length, 0);
    assert.equal(heard.a.offer.length, 0);
    const m = await metrics(server);
    assert.ok(
      metricSum(m, 'parley_signaling_relays_refused_total') -
        metricSum(before, 'parley_signaling_relays_refused_total') >=
        5,
    );
  });

  test('an unknown target socket is not_in_room', async () => {
    for (const [event, body] of relays) {
      assertError(
        await emitAck(a, event, { ...body(), targetSocket: 'AAAAAAAAAAAAAAAAAAAA' }),
        'not_in_room',
      );
      assertError(await emitAck(a, event, { ...body(), targetSocket: '' }), 'not_in_room');
    }
  });

  test('a sender outside any room is not_in_room, even towards a room member', async () => {
    for (const [event, body] of relays) {
      assertError(await emitAck(loner, event, { ...body(), targetSocket: a.id }), 'not_in_room');
    }
    await roomMarker(b, [a]);
    assert.equal(heard.a.offer.length + heard.a.answer.length + heard.a.cand.length, 0);
  });

  test("the sender's own socket id is invalid_target", async () => {
    for (const [event, body] of relays) {
      assertError(await emitAck(a, event, { ...body(), targetSocket: a.id }), 'invalid_target');
    }
  });

  test('missing or wrong-typed fields are invalid_payload', async () => {
    const bad = [
      ['offer', { targetSocket: b.id }],
      ['offer', { offer: fakeSdp('offer', 100) }],
      ['offer', { offer: fakeSdp('offer', 100), targetSocket: 42 }],
      ['offer', { offer: 17, targetSocket: b.id }],
      ['offer', { offer: { type: 'offer', sdp: 5 }, targetSocket: b.id }],
      ['answer', { offer: fakeSdp('answer', 100), targetSocket: b.id }],
      ['ice-candidate', { targetSocket: b.id }],
      ['ice-candidate', { candidate: 3, targetSocket: b.id }],
      ['ice-candidate', { candidate: { candidate: 3 }, targetSocket: b.id }],
      ['offer', 'just a string'],
      ['offer', [1, 2, 3]],
    ];
    for (const [event, payload] of bad)
      assertError(await emitAck(a, event, payload), 'invalid_payload');
    await roomMarker(a, [b]);
    assert.equal(heard.b.offer.length + heard.b.answer.length + heard.b.cand.length, 0);
  });

  test('SDP up to 64 KiB is relayed; one byte more is invalid_payload', async () => {
    const sdpOf = (n) => ({ type: 'offer', sdp: 'a'.repeat(n) });
    const gotP = nextEvent(b, 'offer');
    assert.deepEqual(await emitAck(a, 'offer', { offer: sdpOf(64 * KiB), targetSocket: b.id }), {
      ok: true,
    });
    assert.equal((await gotP).offer.sdp.length, 64 * KiB);
    assertError(
      await emitAck(a, 'offer', { offer: sdpOf(64 * KiB + 1), targetSocket: b.id }),
      'invalid_payload',
    );
    assertError(
      await emitAck(a, 'answer', {
        answer: { type: 'answer', sdp: 'b'.repeat(64 * KiB + 1) },
        targetSocket: b.id,
      }),
      'invalid_payload',
    );
    // Bulk smuggled beside the SDP counts too.
    assertError(
      await emitAck(a, 'offer', {
        offer: { type: 'offer', sdp: 'v=0', junk: 'x'.repeat(100 * KiB) },
        targetSocket: b.id,
      }),
      'invalid_payload',
    );
  });

  test('a candidate up to 2 KiB is relayed; one byte more is invalid_payload', async () => {
    const cand = (n) => ({ candidate: 'c'.repeat(n), sdpMid: '0', sdpMLineIndex: 0 });
    const gotP = nextEvent(b, 'ice-candidate');
    assert.deepEqual(
      await emitAck(a, 'ice-candidate', { candidate: cand(2 * KiB), targetSocket: b.id }),
      { ok: true },
    );
    assert.equal((await gotP).candidate.candidate.length, 2 * KiB);
    assertError(
      await emitAck(a, 'ice-candidate', { candidate: cand(2 * KiB + 1), targetSocket: b.id }),
      'invalid_payload',
    );
    // The end-of-candidates marker (empty candidate) is relayed.
    const endP = nextEvent(b, 'ice-candidate');
    assert.deepEqual(
      await emitAck(a, 'ice-candidate', {
        candidate: { candidate: '', sdpMid: '0' },
        targetSocket: b.id,
      }),
      { ok: true },
    );
    assert.equal((await endP).candidate.candidate, '');
  });

  test('accepted relays are counted by type and timed', async () => {
    const before = await metrics(server);
    const gotP = nextEvent(a, 'answer');
    await emitAck(b, 'answer', { answer: fakeSdp('answer', 500), targetSocket: a.id });
    await gotP;
    const m = await metrics(server);
    assert.equal(
      (m['parley_signaling_relayed_total{type="answer"}'] ?? 0) -
        (before['parley_signaling_relayed_total{type="answer"}'] ?? 0),
      1,
    );
    assert.ok(
      m.parley_signaling_relay_latency_seconds_count >
        (before.parley_signaling_relay_latency_seconds_count ?? 0),
    );
  });

  // The cluster pass: docs/cluster.md "The signaling suite across processes".
  const todo = clusterTodo(
    "a leave is acked once the leaver's process has it, not every process: the sender's " +
      "process may still list the target and ack ok (the target's process drops the relay)",
  );
  test('a target that left the room is refused afterwards', { todo }, async () => {
    const d = await connect(server, (await guest(server, 'D')).token);
    try {
      await join(d, room1.meetingId);
      const dId = d.id;
      await emitAck(d, 'leave');
      assertError(
        await emitAck(a, 'offer', { offer: fakeSdp('offer', 100), targetSocket: dId }),
        'not_in_room',
      );
    } finally {
      await closeAll([d]);
    }
  });
});
