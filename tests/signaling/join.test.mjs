// `join` and `leave`: the meeting rules, the acks, and multi-party rooms.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  skip,
  useServer,
  api,
  guest,
  createMeeting,
  emitAck,
  nextEvent,
  join,
  record,
  roomMarker,
  assertError,
} from './harness.mjs';

describe('join and leave', { skip }, () => {
  const server = useServer();
  let host;
  const open = (token) => server.open(token);
  before(async () => {
    host = await guest(server, 'Host');
  });

  test('unknown or malformed meeting ids are not_found', async () => {
    const s = await open(host.token);
    assertError(await emitAck(s, 'join', { room: 'zzzz-zzzz-zzzz' }), 'not_found');
    assertError(await emitAck(s, 'join', { room: '../../etc' }), 'not_found');
    assertError(await emitAck(s, 'join', { room: 'x'.repeat(10000) }), 'not_found');
    // The socket is still usable and not in a room.
    assertError(await emitAck(s, 'leave'), 'not_in_room');
  });

  test('wrong-typed or missing fields are invalid_payload', async () => {
    const s = await open(host.token);
    const m = await createMeeting(server, host.token);
    for (const bad of [
      undefined,
      'room',
      42,
      [],
      {},
      { room: 7 },
      { room: m.meetingId, audio: 'yes' },
      { room: m.meetingId, video: 1 },
      { room: m.meetingId, password: 5 },
      { room: m.meetingId, userId: 3 },
    ]) {
      const ack = bad === undefined ? await emitAck(s, 'join') : await emitAck(s, 'join', bad);
      assertError(ack, 'invalid_payload');
    }
  });

  test("a userId other than the token's user is invalid_payload", async () => {
    const other = await guest(server, 'Other');
    const m = await createMeeting(server, host.token);
    const s = await open(other.token);
    assertError(
      await emitAck(s, 'join', { room: m.meetingId, userId: host.user.id }),
      'invalid_payload',
    );
    const ok = await join(s, m.meetingId, { userId: other.user.id });
    assert.equal(ok.ack.ok, true);
  });

  test('password: wrong and missing refused, right accepted, host needs none', async () => {
    const m = await createMeeting(server, host.token, { title: 'locked', password: 'sesame' });
    assert.equal(m.hasPassword, true);
    const g = await guest(server, 'Pat');
    const s = await open(g.token);
    assertError(
      await emitAck(s, 'join', { room: m.meetingId, password: 'wrong' }),
      'wrong_password',
    );
    assertError(await emitAck(s, 'join', { room: m.meetingId }), 'wrong_password');
    const h = await open(host.token);
    await join(h, m.meetingId);
    const { existing } = await join(s, m.meetingId, { password: 'sesame' });
    assert.deepEqual(
      existing.map((p) => p.userId),
      [host.user.id],
    );
  });

  test('an ended meeting is meeting_ended', async () => {
    const m = await createMeeting(server, host.token);
    const r = await api(server, 'POST', `/api/meetings/${m.meetingId}/end`, { token: host.token });
    assert.equal(r.status, 200);
    const s = await open(host.token);
    assertError(await emitAck(s, 'join', { room: m.meetingId }), 'meeting_ended');
  });

  test('a second join without leave is already_in_room; leave outside a room is not_in_room', async () => {
    const m1 = await createMeeting(server, host.token);
    const m2 = await createMeeting(server, host.token);
    const s = await open(host.token);
    assertError(await emitAck(s, 'leave'), 'not_in_room');
    await join(s, m1.meetingId);
    assertError(await emitAck(s, 'join', { room: m1.meetingId }), 'already_in_room');
    assertError(await emitAck(s, 'join', { room: m2.meetingId }), 'already_in_room');
    assert.deepEqual(await emitAck(s, 'leave'), { ok: true });
    assertError(await emitAck(s, 'leave'), 'not_in_room');
    const again = await join(s, m2.meetingId);
    assert.equal(again.ack.meeting.meetingId, m2.meetingId);
  });

  test('the participant is recorded in the store, once, in order of first join', async () => {
    const m = await createMeeting(server, host.token);
    const g = await guest(server, 'Rec');
    const a = await open(g.token);
    const h = await open(host.token);
    await join(a, m.meetingId);
    await emitAck(a, 'leave');
    await join(h, m.meetingId);
    await join(a, m.meetingId);
    const r = await api(server, 'GET', `/api/meetings/${m.meetingId}`, { token: host.token });
    assert.deepEqual(r.body.meeting.participants, [g.user.id, host.user.id]);
  });

  test('rejoining starts with screen and raised false again', async () => {
    const m = await createMeeting(server, host.token);
    const s = await open(host.token);
    const watcher = await open((await guest(server, 'W')).token);
    await join(watcher, m.meetingId);
    await join(s, m.meetingId);
    assert.deepEqual(await emitAck(s, 'raise-hand', { raised: true }), { ok: true });
    assert.deepEqual(await emitAck(s, 'media-state', { audio: false, video: true, screen: true }), {
      ok: true,
    });
    await emitAck(s, 'leave');
    const joinedP = nextEvent(watcher, 'user-joined');
    const { ack } = await join(s, m.meetingId);
    const me = ack.participants.find((p) => p.socketId === s.id);
    assert.equal(me.screen, false);
    assert.equal(me.raised, false);
    assert.equal(me.audio, true);
    assert.deepEqual(await joinedP, me);
  });

  test('join without an ack still sends existing-participants and user-joined', async () => {
    const m = await createMeeting(server, host.token);
    const a = await open(host.token);
    const b = await open((await guest(server, 'NoAck')).token);
    await join(a, m.meetingId);
    const joinedP = nextEvent(a, 'user-joined');
    const existingP = nextEvent(b, 'existing-participants');
    b.emit('join', { room: m.meetingId });
    assert.deepEqual(
      (await existingP).map((p) => p.socketId),
      [a.id],
    );
    assert.equal((await joinedP).socketId, b.id);
  });

  test('the same user in two tabs is two participants', async () => {
    const m = await createMeeting(server, host.token);
    const tab1 = await open(host.token);
    const tab2 = await open(host.token);
    await join(tab1, m.meetingId);
    const { existing, ack } = await join(tab2, m.meetingId);
    assert.deepEqual(
      existing.map((p) => [p.socketId, p.userId]),
      [[tab1.id, host.user.id]],
    );
    assert.deepEqual(
      ack.participants.map((p) => p.socketId),
      [tab1.id, tab2.id],
    );
    // Leaving from one tab leaves the other in the room.
    const leftP = nextEvent(tab1, 'user-left');
    await emitAck(tab2, 'leave');
    assert.deepEqual(await leftP, { userId: host.user.id, socketId: tab2.id });
    assert.deepEqual(await emitAck(tab1, 'raise-hand', { raised: true }), { ok: true });
  });

  for (const n of [3, 4]) {
    test(`a ${n}-party meeting: every member's list equals the server's`, async () => {
      const m = await createMeeting(server, host.token);
      const members = [];
      const views = [];
      for (let i = 0; i < n; i++) {
        const g = await guest(server, `P${i}`);
        const s = await open(g.token);
        const view = new Set();
        const joined = record(s, 'user-joined');
        const left = record(s, 'user-left');
        const { existing, ack } = await join(s, m.meetingId);
        assert.deepEqual(
          existing.map((p) => p.socketId),
          members.map((x) => x.id),
        );
        assert.deepEqual(
          ack.participants.map((p) => p.socketId),
          [...members.map((x) => x.id), s.id],
        );
        existing.forEach((p) => view.add(p.socketId));
        view.add(s.id);
        members.push(s);
        views.push({ view, joined, left });
      }
      await roomMarker(members.at(-1), members);
      for (const v of views) {
        v.joined.forEach((p) => v.view.add(p.socketId));
        v.left.forEach((p) => v.view.delete(p.socketId));
        assert.deepEqual([...v.view].sort(), members.map((s) => s.id).sort());
      }
      // Full mesh: every member offers to every other and each offer reaches only its target.
      const offers = members.map((s) => record(s, 'offer'));
      for (const from of members) {
        for (const to of members) {
          if (from === to) continue;
          const ack = await emitAck(from, 'offer', {
            offer: { type: 'offer', sdp: `${from.id}>${to.id}` },
            targetSocket: to.id,
          });
          assert.deepEqual(ack, { ok: true });
        }
      }
      await roomMarker(members[0], members);
      members.forEach((to, i) => {
        const got = offers[i].map((o) => `${o.fromSocket}|${o.offer.sdp}`).sort();
        const want = members
          .filter((f) => f !== to)
          .map((f) => `${f.id}|${f.id}>${to.id}`)
          .sort();
        assert.deepEqual(got, want);
      });
      // Everyone leaves in turn; each remaining member hears each departure once.
      const departed = members.map((s) => s.id);
      for (const s of members) await emitAck(s, 'leave');
      // Each ack below comes after whatever the room sent that socket before.
      for (const s of members) assertError(await emitAck(s, 'leave'), 'not_in_room');
      // Member i left after members 0..i-1, so it heard exactly those departures.
      views.forEach((v, i) => {
        assert.deepEqual(
          v.left.map((p) => p.socketId),
          departed.slice(0, i),
        );
      });
    });
  }
});
