// The seed client's signaling sequence, exactly: A joins and learns nobody is there, B joins
// and learns A, A hears B, then offer / answer / ICE candidates flow both ways.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  skip,
  useServer,
  guest,
  createMeeting,
  connect,
  emitAck,
  nextEvent,
  join,
  closeAll,
  fakeSdp,
  fakeCandidate,
  until,
  meetingLogName,
} from './harness.mjs';

describe('seed sequence', { skip }, () => {
  const server = useServer();

  test('join, existing-participants, user-joined, offer/answer/candidates both ways', async () => {
    const alice = await guest(server, 'Alice');
    const bob = await guest(server, 'Bob');
    const meeting = await createMeeting(server, alice.token, { title: 'seed' });
    // A over the client's default transports (polling, then upgrade); B over WebSocket.
    const a = await connect(server, alice.token, { transports: undefined });
    const b = await connect(server, bob.token);
    try {
      const ja = await join(a, meeting.meetingId, { userId: alice.user.id });
      assert.deepEqual(ja.existing, []);
      assert.equal(ja.ack.ok, true);
      assert.equal(ja.ack.meeting.meetingId, meeting.meetingId);
      assert.equal(ja.ack.meeting.status, 'active');
      assert.deepEqual(ja.ack.meeting.participants, [alice.user.id]);
      const selfA = {
        socketId: a.id,
        userId: alice.user.id,
        username: 'Alice',
        audio: true,
        video: true,
        screen: false,
        raised: false,
        role: 'host',
      };
      assert.deepEqual(ja.ack.participants, [selfA]);

      const joinedP = nextEvent(a, 'user-joined');
      const jb = await join(b, meeting.meetingId, { userId: bob.user.id, audio: false });
      const selfB = {
        socketId: b.id,
        userId: bob.user.id,
        username: 'Bob',
        audio: false,
        video: true,
        screen: false,
        raised: false,
        role: 'participant',
      };
      assert.deepEqual(jb.existing, [selfA]);
      assert.deepEqual(jb.ack.participants, [selfA, selfB]);
      assert.deepEqual(jb.ack.meeting.participants, [alice.user.id, bob.user.id]);
      assert.deepEqual(await joinedP, selfB);

      // A (already in the room) offers to the newcomer, as the seed client does.
      const offer = fakeSdp('offer', 6000);
      const offerP = nextEvent(b, 'offer');
      assert.deepEqual(await emitAck(a, 'offer', { offer, targetSocket: b.id }), { ok: true });
      assert.deepEqual(await offerP, { offer, fromSocket: a.id, fromUserId: alice.user.id });

      const answer = fakeSdp('answer', 4000);
      const answerP = nextEvent(a, 'answer');
      assert.deepEqual(await emitAck(b, 'answer', { answer, targetSocket: a.id }), { ok: true });
      assert.deepEqual(await answerP, { answer, fromSocket: b.id, fromUserId: bob.user.id });

      // Candidates both ways, without acks (as browsers send them), arriving in order.
      const got = { a: [], b: [] };
      a.on('ice-candidate', (m) => got.a.push(m));
      b.on('ice-candidate', (m) => got.b.push(m));
      for (let i = 0; i < 5; i++) {
        a.emit('ice-candidate', { candidate: fakeCandidate(i), targetSocket: b.id });
        b.emit('ice-candidate', { candidate: fakeCandidate(100 + i), targetSocket: a.id });
      }
      const lastB = nextEvent(b, 'ice-candidate', {
        filter: (m) => m.candidate.candidate === fakeCandidate(4).candidate,
      });
      const lastA = nextEvent(a, 'ice-candidate', {
        filter: (m) => m.candidate.candidate === fakeCandidate(104).candidate,
      });
      await Promise.all([lastA, lastB]);
      assert.deepEqual(
        got.b,
        [0, 1, 2, 3, 4].map((i) => ({
          candidate: fakeCandidate(i),
          fromSocket: a.id,
          fromUserId: alice.user.id,
        })),
      );
      assert.deepEqual(
        got.a,
        [0, 1, 2, 3, 4].map((i) => ({
          candidate: fakeCandidate(100 + i),
          fromSocket: b.id,
          fromUserId: bob.user.id,
        })),
      );

      // The relays also go the other way round (renegotiation started by B).
      const reoffer = fakeSdp('offer', 500);
      const reofferP = nextEvent(a, 'offer');
      assert.deepEqual(await emitAck(b, 'offer', { offer: reoffer, targetSocket: a.id }), {
        ok: true,
      });
      assert.deepEqual(await reofferP, {
        offer: reoffer,
        fromSocket: b.id,
        fromUserId: bob.user.id,
      });

      const leftP = nextEvent(a, 'user-left');
      assert.deepEqual(await emitAck(b, 'leave'), { ok: true });
      assert.deepEqual(await leftP, { userId: bob.user.id, socketId: b.id });

      // One JSON log line per join and per leave.
      const mine = (event) =>
        server.logs.filter(
          (l) => l.event === event && l.meeting === meetingLogName(meeting.meetingId),
        );
      await until(() => mine('meeting_left').length === 1, { what: 'meeting_left log line' });
      assert.deepEqual(
        mine('meeting_joined').map((l) => [l.userId, l.socketId]),
        [
          [alice.user.id, a.id],
          [bob.user.id, b.id],
        ],
      );
      assert.equal(mine('meeting_left')[0].reason, 'leave');
      assert.equal(mine('meeting_left')[0].userId, bob.user.id);
    } finally {
      await closeAll([a, b]);
    }
  });
});
