// A socket join passes the hardening checks and the moderation checks together
// (docs/signaling.md "join", "Moderation", "Limits"; docs/api.md "Meeting passwords"): the
// password (and its failure limit) is checked before the lock, the ban and the lobby; the room
// cap is checked before a join is held in the lobby and again when a held join is admitted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertError,
  closeAll,
  connect,
  createMeeting,
  emitAck,
  guest,
  join,
  nextEvent,
} from '../signaling/harness.mjs';
import { skip, startServer } from './lib.mjs';

describe('join: hardening and moderation together', { skip }, () => {
  test('a full room refuses a lobby join at once; admitting past the cap is meeting_full', async () => {
    const server = await startServer(['--max-participants', '3']);
    const sockets = [];
    const open = async (name) => {
      const g = await guest(server, name);
      const s = await connect(server, g.token);
      sockets.push(s);
      return { ...g, s };
    };
    try {
      const host = await guest(server, 'Host');
      const m = await createMeeting(server, host.token, { lobby: true });
      const h = await connect(server, host.token);
      sockets.push(h);
      await join(h, m.meetingId); // the host passes the lobby: 1 of 3
      // Two wait while one seat is left... (2 of 3 after the first admit)
      const ann = await open('Ann');
      const ben = await open('Ben');
      const waiting = [nextEvent(ann.s, 'lobby-waiting'), nextEvent(ben.s, 'lobby-waiting')];
      const annJoin = emitAck(ann.s, 'join', { room: m.meetingId }, 15000);
      const benJoin = emitAck(ben.s, 'join', { room: m.meetingId }, 15000);
      await Promise.all(waiting);
      // ...and a third fills the room: the host admits Ann, then Cid joins the same way.
      assert.equal((await emitAck(h, 'admit', { userId: ann.user.id })).ok, true);
      assert.equal((await annJoin).ok, true);
      const cid = await open('Cid');
      const cidWaiting = nextEvent(cid.s, 'lobby-waiting');
      const cidJoin = emitAck(cid.s, 'join', { room: m.meetingId }, 15000);
      await cidWaiting;
      // Admit-all lets both in: one takes the last seat, the other is meeting_full.
      assert.equal((await emitAck(h, 'admit-all', {})).ok, true);
      const acks = [await benJoin, await cidJoin];
      assert.equal(acks.filter((a) => a.ok === true).length, 1, JSON.stringify(acks));
      assert.equal(acks.filter((a) => a.error?.code === 'meeting_full').length, 1);
      // The room is full now: a lobby join is refused at once, never held.
      const dan = await open('Dan');
      let held = false;
      dan.s.on('lobby-waiting', () => {
        held = true;
      });
      assertError(await emitAck(dan.s, 'join', { room: m.meetingId }), 'meeting_full');
      assert.equal(held, false);
    } finally {
      await closeAll(sockets);
      await server.stop();
    }
  });

  test('the password comes before the lock and the ban; its failure limit still holds', async () => {
    const server = await startServer();
    const sockets = [];
    try {
      const host = await guest(server, 'Host');
      const m = await createMeeting(server, host.token, { password: 'open sesame' });
      const h = await connect(server, host.token);
      sockets.push(h);
      await join(h, m.meetingId); // the host needs no password
      const g = await guest(server, 'Guest');
      const s = await connect(server, g.token);
      sockets.push(s);
      await join(s, m.meetingId, { password: 'open sesame' });
      // Removed: the right password cannot bring the user back; a wrong one is still wrong.
      assert.equal((await emitAck(h, 'remove-participant', { targetSocket: s.id })).ok, true);
      assertError(
        await emitAck(s, 'join', { room: m.meetingId, password: 'nope' }),
        'wrong_password',
      );
      assertError(
        await emitAck(s, 'join', { room: m.meetingId, password: 'open sesame' }),
        'banned',
      );
      // Locked: the right password meets the lock; wrong ones count toward the limit.
      assert.equal((await emitAck(h, 'lock-meeting', { locked: true })).ok, true);
      const other = await guest(server, 'Other');
      const o = await connect(server, other.token);
      sockets.push(o);
      assertError(
        await emitAck(o, 'join', { room: m.meetingId, password: 'open sesame' }),
        'meeting_locked',
      );
      for (let i = 0; i < 5; i++)
        assertError(
          await emitAck(o, 'join', { room: m.meetingId, password: `guess${i}` }),
          'wrong_password',
        );
      assertError(
        await emitAck(o, 'join', { room: m.meetingId, password: 'open sesame' }),
        'rate_limited',
      );
      // The host is never limited and passes the lock (a second tab).
      const h2 = await connect(server, host.token);
      sockets.push(h2);
      assert.equal((await join(h2, m.meetingId)).ack.role, 'host');
    } finally {
      await closeAll(sockets);
      await server.stop();
    }
  });
});
