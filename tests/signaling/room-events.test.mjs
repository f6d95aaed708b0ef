// Room-wide events: chat (stored, then to everyone incl. the sender), media-state, raise-hand,
// and ending a meeting (by socket, host only, and by REST).
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
  until,
  assertError,
  meetingLogName,
} from './harness.mjs';

describe('room events', { skip }, () => {
  const server = useServer();
  let host;
  let bob;
  let carol;
  const open = (token) => server.open(token);
  /** A meeting with host, bob and carol joined; returns their sockets. */
  async function trio(fields = {}) {
    const m = await createMeeting(server, host.token, fields);
    const h = await open(host.token);
    const b = await open(bob.token);
    const c = await open(carol.token);
    for (const s of [h, b, c])
      await join(s, m.meetingId, fields.password ? { password: fields.password } : {});
    return { m, h, b, c };
  }
  before(async () => {
    host = await guest(server, 'Host');
    bob = await guest(server, 'Bob');
    carol = await guest(server, 'Carol');
  });

  test('chat reaches everyone including the sender, and REST returns the history', async () => {
    const { m, h, b, c } = await trio();
    const seen = [h, b, c].map((s) => record(s, 'chat-message'));
    const texts = ['hello', 'ünïcødé 🎉', 'x'.repeat(4000), '  spaced  '];
    for (const text of texts) {
      const ack = await emitAck(b, 'chat-message', { text });
      assert.equal(ack.ok, true);
      assert.equal(ack.message.text, text);
    }
    // 4000 code points of astral characters is 8000 UTF-16 units and still allowed.
    assert.equal((await emitAck(c, 'chat-message', { text: '😀'.repeat(4000) })).ok, true);
    await until(() => seen.every((list) => list.length === 5), { what: 'chat delivered to all' });
    for (const list of seen) {
      assert.deepEqual(
        list.map((x) => x.text),
        [...texts, '😀'.repeat(4000)],
      );
      assert.equal(list[0].userId, bob.user.id);
      assert.equal(list[0].username, 'Bob');
      assert.match(list[0].sentAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(['string', 'number'].includes(typeof list[0].id));
    }
    assert.deepEqual(seen[0], seen[1]);
    const r = await api(server, 'GET', `/api/meetings/${m.meetingId}/messages`, {
      token: carol.token,
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.messages, seen[0]);
  });

  test('chat text is validated', async () => {
    const { b } = await trio();
    const other = record(b, 'chat-message');
    for (const payload of [
      {},
      { text: '' },
      { text: 5 },
      { text: 'y'.repeat(4001) },
      { text: '😀'.repeat(4001) },
      'text',
    ]) {
      assertError(await emitAck(b, 'chat-message', payload), 'invalid_payload');
    }
    const loner = await open((await guest(server, 'Loner')).token);
    assertError(await emitAck(loner, 'chat-message', { text: 'anyone?' }), 'not_in_room');
    await roomMarker(b);
    assert.equal(other.length, 0);
  });

  test('media-state goes to the others; raise-hand to everyone', async () => {
    const { m, h, b, c } = await trio();
    const mediaAtH = record(h, 'media-state');
    const mediaAtB = record(b, 'media-state');
    const mediaAtC = record(c, 'media-state');
    assert.deepEqual(await emitAck(b, 'media-state', { audio: false, video: true, screen: true }), {
      ok: true,
    });
    const want = { socketId: b.id, userId: bob.user.id, audio: false, video: true, screen: true };
    await until(() => mediaAtH.length === 1 && mediaAtC.length === 1, { what: 'media-state' });
    assert.deepEqual(mediaAtH[0], want);
    assert.deepEqual(mediaAtC[0], want);
    assertError(
      await emitAck(b, 'media-state', { audio: 'off', video: true, screen: false }),
      'invalid_payload',
    );
    assertError(await emitAck(b, 'media-state', { audio: true }), 'invalid_payload');

    const hands = [h, b, c].map((s) => record(s, 'raise-hand'));
    assert.deepEqual(await emitAck(c, 'raise-hand', { raised: true }), { ok: true });
    await until(() => hands.every((l) => l.length === 1), { what: 'raise-hand' });
    for (const l of hands)
      assert.deepEqual(l[0], { socketId: c.id, userId: carol.user.id, raised: true });
    assertError(await emitAck(c, 'raise-hand', { raised: 'yes' }), 'invalid_payload');
    await roomMarker(b);
    assert.equal(mediaAtB.length, 0);

    // A newcomer sees the current state in existing-participants.
    const d = await open((await guest(server, 'Dan')).token);
    const { existing } = await join(d, m.meetingId);
    const byId = Object.fromEntries(existing.map((p) => [p.socketId, p]));
    assert.deepEqual(byId[b.id], { ...want, username: 'Bob', raised: false, role: 'participant' });
    assert.equal(byId[c.id].raised, true);
  });

  test('end-meeting: non-host refused; host ends it for everyone', async () => {
    const { m, h, b, c } = await trio();
    assertError(await emitAck(b, 'end-meeting'), 'not_host');
    const ended = [h, b, c].map((s) => nextEvent(s, 'meeting-ended'));
    const left = record(b, 'user-left');
    assert.deepEqual(await emitAck(h, 'end-meeting'), { ok: true });
    for (const e of await Promise.all(ended)) assert.deepEqual(e, { meetingId: m.meetingId });
    // Everyone is out of the room: relays and chat are refused, leave too; and no user-left
    // storm (b's acks come after anything the end sent it).
    assertError(
      await emitAck(b, 'offer', { offer: { type: 'offer', sdp: 'v=0' }, targetSocket: c.id }),
      'not_in_room',
    );
    assertError(await emitAck(c, 'chat-message', { text: 'hello?' }), 'not_in_room');
    assertError(await emitAck(b, 'leave'), 'not_in_room');
    assertError(await emitAck(b, 'join', { room: m.meetingId }), 'meeting_ended');
    assert.equal(left.length, 0);
    const r = await api(server, 'GET', `/api/meetings/${m.meetingId}`, { token: host.token });
    assert.equal(r.body.meeting.status, 'ended');
    assert.equal(typeof r.body.meeting.endedAt, 'string');
    assertError(await emitAck(h, 'end-meeting'), 'not_in_room');
    // One line per process that held members (in the cluster pass, each its own evicted).
    const evicted = () =>
      server.logs
        .filter((l) => l.event === 'meeting_ended' && l.meeting === meetingLogName(m.meetingId))
        .reduce((n, l) => n + l.evicted, 0);
    await until(() => evicted() === 3, { what: 'meeting_ended log lines evicting all 3' });
  });

  test('the host in a second tab can end it too; a host not in the room cannot', async () => {
    const { m, h } = await trio();
    const outside = await open(host.token);
    assertError(await emitAck(outside, 'end-meeting'), 'not_in_room');
    const tab2 = await open(host.token);
    await join(tab2, m.meetingId);
    const endedAtH = nextEvent(h, 'meeting-ended');
    assert.deepEqual(await emitAck(tab2, 'end-meeting'), { ok: true });
    await endedAtH;
  });

  test('a socket can join another meeting the moment it hears meeting-ended', async () => {
    for (let i = 0; i < 10; i++) {
      const { h, b } = await trio();
      const m2 = await createMeeting(server, host.token);
      const rejoined = new Promise((resolve) => {
        b.once('meeting-ended', () => resolve(emitAck(b, 'join', { room: m2.meetingId })));
      });
      assert.deepEqual(await emitAck(h, 'end-meeting'), { ok: true });
      assert.equal((await rejoined).ok, true, `round ${i}`);
    }
  });

  test('REST end tells connected sockets meeting-ended and removes them', async () => {
    const { m, h, b, c } = await trio();
    const ended = [h, b, c].map((s) => nextEvent(s, 'meeting-ended'));
    const r = await api(server, 'POST', `/api/meetings/${m.meetingId}/end`, { token: host.token });
    assert.equal(r.status, 200);
    for (const e of await Promise.all(ended)) assert.deepEqual(e, { meetingId: m.meetingId });
    assertError(await emitAck(b, 'raise-hand', { raised: true }), 'not_in_room');
    // The sockets stay connected and can join another meeting.
    const m2 = await createMeeting(server, host.token);
    assert.equal((await join(b, m2.meetingId)).ack.ok, true);
  });
});
