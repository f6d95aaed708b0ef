// Moderation (docs/signaling.md "Moderation"): roles, mute, remove and ban, lock, lobby,
// reactions, every refusal, and the settings kept across a server restart.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  skip,
  startServer,
  useServer,
  api,
  guest,
  createMeeting,
  connect,
  emitAck,
  nextEvent,
  join,
  closeAll,
  record,
  until,
  assertError,
} from './harness.mjs';

const MODERATION_EVENTS = [
  ['mute-participant', (t) => ({ targetSocket: t, kind: 'audio' })],
  ['mute-all', () => ({ kind: 'video' })],
  ['ask-unmute', (t) => ({ targetSocket: t, kind: 'audio' })],
  ['remove-participant', (t) => ({ targetSocket: t })],
  ['set-role', (t) => ({ targetSocket: t, role: 'cohost' })],
  ['lock-meeting', () => ({ locked: true })],
  ['set-lobby', () => ({ enabled: true })],
  ['admit', () => ({ userId: 'nobody' })],
  ['deny', () => ({ userId: 'nobody' })],
  ['admit-all', () => ({})],
];

describe('moderation', { skip }, () => {
  const server = useServer();
  const open = (token) => server.open(token);
  /**
   * A host and `n` guests, each with a socket joined to a new meeting. Each joiner is heard
   * (`user-joined`) by everyone before it, as a client knows whom it may moderate: on one
   * process that came before the joiner's ack, across processes it may come just after
   * (docs/cluster.md "The signaling suite across processes").
   */
  async function meeting(n, fields = {}) {
    const host = await guest(server, 'Host');
    const m = await createMeeting(server, host.token, fields);
    const h = await open(host.token);
    await join(h, m.meetingId);
    const people = [];
    for (let i = 0; i < n; i++) {
      const g = await guest(server, `P${i}`);
      const s = await open(g.token);
      const heard = [h, ...people.map((p) => p.s)].map((x) =>
        nextEvent(x, 'user-joined', { filter: (p) => p.socketId === s.id }),
      );
      await join(s, m.meetingId);
      await Promise.all(heard);
      people.push({ ...g, s });
    }
    return { m, host, h, people };
  }
  test('participants carry roles; a participant may not moderate (not_host, nothing changes)', async () => {
    const { m, h, people } = await meeting(2);
    const [p, q] = people;
    const third = await open((await guest(server, 'Late')).token);
    const { ack, existing } = await join(third, m.meetingId);
    assert.equal(ack.role, 'participant');
    assert.deepEqual(ack.settings, { locked: false, lobby: false });
    assert.deepEqual(
      existing.map((x) => x.role),
      ['host', 'participant', 'participant'],
    );
    const seen = [h, q.s].flatMap((s) =>
      ['muted', 'removed', 'role-changed', 'meeting-settings', 'unmute-request'].map((e) =>
        record(s, e),
      ),
    );
    for (const [event, body] of MODERATION_EVENTS)
      assertError(await emitAck(p.s, event, body(q.s.id)), 'not_host');
    // Nothing happened: no events anywhere, the target's media still on.
    await emitAck(h, 'raise-hand', { raised: true }); // a round trip through the room
    assert.ok(
      seen.every((x) => x.length === 0),
      JSON.stringify(seen),
    );
    const lateJoin = await open((await guest(server, 'Later')).token);
    const { existing: later } = await join(lateJoin, m.meetingId);
    assert.equal(later.find((x) => x.socketId === q.s.id).audio, true);
  });

  test('refusals: self, strangers, sockets of other rooms, bad payloads', async () => {
    const { h, people } = await meeting(1);
    const other = await meeting(1);
    const p = people[0];
    assertError(
      await emitAck(h, 'mute-participant', { targetSocket: h.id, kind: 'audio' }),
      'invalid_target',
    );
    assertError(await emitAck(h, 'remove-participant', { targetSocket: h.id }), 'invalid_target');
    assertError(
      await emitAck(h, 'set-role', { targetSocket: h.id, role: 'participant' }),
      'invalid_target',
    );
    assertError(
      await emitAck(h, 'mute-participant', { targetSocket: other.people[0].s.id, kind: 'audio' }),
      'not_in_room',
    );
    assertError(await emitAck(h, 'remove-participant', { targetSocket: 'nope' }), 'not_in_room');
    assertError(await emitAck(h, 'admit', { userId: p.user.id }), 'not_in_room');
    assertError(await emitAck(h, 'deny', { userId: 'u-nobody' }), 'not_in_room');
    for (const [event, body] of [
      ['mute-participant', { targetSocket: p.s.id, kind: 'screen' }],
      ['mute-participant', { targetSocket: p.s.id }],
      ['mute-all', { kind: 1 }],
      ['remove-participant', { targetSocket: 7 }],
      ['set-role', { targetSocket: p.s.id, role: 'host' }],
      ['lock-meeting', { locked: 'yes' }],
      ['set-lobby', {}],
      ['admit', { userId: '' }],
      ['reaction', { emoji: '💩' }],
      ['reaction', { emoji: 'thumbs up' }],
      ['reaction', {}],
    ])
      assertError(await emitAck(h, event, body), 'invalid_payload');
    const outside = await open((await guest(server, 'Out')).token);
    assertError(await emitAck(outside, 'lock-meeting', { locked: true }), 'not_in_room');
    assertError(await emitAck(outside, 'reaction', { emoji: '👍' }), 'not_in_room');
  });

  test('mute one and mute all: the target is told who, the others see its media off', async () => {
    const { h, people } = await meeting(2);
    const [p, q] = people;
    const mutedP = nextEvent(p.s, 'muted');
    const stateAtQ = nextEvent(q.s, 'media-state', { filter: (x) => x.socketId === p.s.id });
    const stateAtH = nextEvent(h, 'media-state', { filter: (x) => x.socketId === p.s.id });
    assert.equal(
      (await emitAck(h, 'mute-participant', { targetSocket: p.s.id, kind: 'audio' })).ok,
      true,
    );
    const told = await mutedP;
    assert.equal(told.kind, 'audio');
    assert.equal(told.bySocket, h.id);
    assert.equal(told.byUsername, 'Host');
    assert.equal((await stateAtQ).audio, false);
    assert.equal((await stateAtH).video, true);

    const hMuted = record(h, 'muted');
    const all = [p, q].map((x) => nextEvent(x.s, 'muted', { filter: (e) => e.kind === 'video' }));
    const ack = await emitAck(h, 'mute-all', { kind: 'video' });
    assert.equal(ack.muted, 2);
    for (const e of await Promise.all(all)) assert.equal(e.byUserId, (await all[0]).byUserId);
    assert.equal(hMuted.length, 0); // everyone but the sender

    const ask = nextEvent(q.s, 'unmute-request');
    assert.equal(
      (await emitAck(h, 'ask-unmute', { targetSocket: q.s.id, kind: 'audio' })).ok,
      true,
    );
    assert.equal((await ask).kind, 'audio');
    assert.equal((await ask).bySocket, h.id);
  });

  test('cohosts: set-role, powers, no power over the host, kept while the host is away', async () => {
    const { m, host, h, people } = await meeting(2);
    const [p, q] = people;
    const changes = [h, p.s, q.s].map((s) => nextEvent(s, 'role-changed'));
    assert.equal((await emitAck(h, 'set-role', { targetSocket: p.s.id, role: 'cohost' })).ok, true);
    for (const c of await Promise.all(changes))
      assert.deepEqual(c, { socketId: p.s.id, userId: p.user.id, role: 'cohost' });
    assertError(
      await emitAck(p.s, 'mute-participant', { targetSocket: h.id, kind: 'audio' }),
      'not_host',
    );
    assertError(await emitAck(p.s, 'remove-participant', { targetSocket: h.id }), 'not_host');
    // The host leaves; the cohost keeps its powers.
    await emitAck(h, 'leave');
    const qMuted = nextEvent(q.s, 'muted');
    assert.equal(
      (await emitAck(p.s, 'mute-participant', { targetSocket: q.s.id, kind: 'audio' })).ok,
      true,
    );
    assert.equal((await qMuted).byUserId, p.user.id);
    assert.equal((await emitAck(p.s, 'lock-meeting', { locked: true })).ok, true);
    // The host returns through the lock, as host.
    const h2 = await open(host.token);
    const { ack } = await join(h2, m.meetingId);
    assert.equal(ack.role, 'host');
    assert.equal(ack.participants.find((x) => x.socketId === p.s.id).role, 'cohost');
    // And can unmake the cohost.
    const back = nextEvent(q.s, 'role-changed');
    assert.equal(
      (await emitAck(h2, 'set-role', { targetSocket: p.s.id, role: 'participant' })).ok,
      true,
    );
    assert.equal((await back).role, 'participant');
    assertError(await emitAck(p.s, 'lock-meeting', { locked: false }), 'not_host');
  });

  test('remove: the target is told and evicted, and that user cannot come back', async () => {
    const { m, host, h, people } = await meeting(2);
    const [p, q] = people;
    const second = await open(p.token); // the same user in a second tab
    await join(second, m.meetingId);
    const removed = [p.s, second].map((s) => nextEvent(s, 'removed'));
    const left = record(q.s, 'user-left');
    assert.equal((await emitAck(h, 'remove-participant', { targetSocket: p.s.id })).ok, true);
    for (const r of await Promise.all(removed)) {
      assert.equal(r.meetingId, m.meetingId);
      assert.equal(r.byUserId, host.user.id);
      assert.equal(r.bySocket, h.id);
    }
    await until(() => left.length === 2, { what: 'user-left for both tabs' });
    // Out of the room: their events are refused, and the same token cannot rejoin.
    assertError(await emitAck(p.s, 'chat-message', { text: 'hi' }), 'not_in_room');
    assertError(await emitAck(p.s, 'join', { room: m.meetingId }), 'banned');
    const fresh = await open(p.token);
    assertError(await emitAck(fresh, 'join', { room: m.meetingId }), 'banned');
    const rest = await api(server, 'POST', `/api/meetings/${m.meetingId}/join`, { token: p.token });
    assert.equal(rest.status, 403);
    assert.equal(rest.body.error.code, 'forbidden');
    // Others are unaffected.
    const another = await open((await guest(server, 'New')).token);
    const { ack } = await join(another, m.meetingId);
    assert.deepEqual(
      ack.participants.map((x) => x.socketId),
      [h.id, q.s.id, another.id],
    );
  });

  test('lock: new joins get meeting_locked, people already in stay; unlock opens it', async () => {
    const { m, h, people } = await meeting(1);
    const settings = nextEvent(people[0].s, 'meeting-settings');
    assert.equal((await emitAck(h, 'lock-meeting', { locked: true })).ok, true);
    assert.deepEqual(await settings, { locked: true, lobby: false });
    const late = await open((await guest(server, 'Late')).token);
    assertError(await emitAck(late, 'join', { room: m.meetingId }), 'meeting_locked');
    assert.equal((await emitAck(people[0].s, 'raise-hand', { raised: true })).ok, true);
    assert.equal((await emitAck(h, 'lock-meeting', { locked: false })).ok, true);
    await join(late, m.meetingId);
  });

  test('lobby: people wait until a host arrives; admit completes the join, deny refuses it', async () => {
    const host = await guest(server, 'Host');
    const bad = await api(server, 'POST', '/api/meetings', {
      body: { lobby: 'yes' },
      token: host.token,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'lobby');
    const m = await createMeeting(server, host.token, { lobby: true });
    const ann = await guest(server, 'Ann');
    const ben = await guest(server, 'Ben');
    const a = await open(ann.token);
    const b = await open(ben.token);
    const aWaiting = nextEvent(a, 'lobby-waiting');
    const bWaiting = nextEvent(b, 'lobby-waiting');
    const aExisting = nextEvent(a, 'existing-participants', { timeout: 15000 });
    const aJoin = emitAck(a, 'join', { room: m.meetingId }, 15000);
    const bJoin = emitAck(b, 'join', { room: m.meetingId }, 15000);
    assert.equal((await aWaiting).meetingId, m.meetingId);
    await bWaiting;
    // The host arrives and is shown both.
    const h = await open(host.token);
    const requests = record(h, 'lobby-request');
    const { ack } = await join(h, m.meetingId);
    assert.deepEqual(ack.settings, { locked: false, lobby: true });
    await until(() => requests.length === 2, { what: 'two lobby-requests' });
    assert.deepEqual(requests.map((r) => r.userId).sort(), [ann.user.id, ben.user.id].sort());
    assert.equal(requests.find((r) => r.userId === ann.user.id).username, 'Ann');
    // Admit Ann: her pending join completes.
    const joined = nextEvent(h, 'user-joined');
    const resolved = nextEvent(h, 'lobby-resolved');
    assert.equal((await emitAck(h, 'admit', { userId: ann.user.id })).ok, true);
    assert.deepEqual(await resolved, { userId: ann.user.id, outcome: 'admitted' });
    const aAck = await aJoin;
    assert.equal(aAck.ok, true);
    assert.equal(aAck.participants.length, 2);
    assert.equal((await aExisting).length, 1);
    assert.equal((await joined).userId, ann.user.id);
    // Deny Ben.
    const denied = nextEvent(b, 'denied');
    assert.equal((await emitAck(h, 'deny', { userId: ben.user.id })).ok, true);
    assertError(await bJoin, 'denied');
    assert.equal((await denied).meetingId, m.meetingId);
    // Ben is in no room: he may ask again.
    const again = nextEvent(b, 'lobby-waiting');
    const bJoin2 = emitAck(b, 'join', { room: m.meetingId }, 15000);
    await again;
    // Turning the lobby off lets him in.
    assert.equal((await emitAck(h, 'set-lobby', { enabled: false })).ok, true);
    assert.equal((await bJoin2).ok, true);
  });

  test('lobby: racing admit and deny for one person, exactly one wins, lists agree', async () => {
    for (let round = 0; round < 3; round++) {
      const { m, h, people } = await meeting(1);
      const co = people[0].s;
      assert.equal(
        (await emitAck(h, 'set-role', { targetSocket: co.id, role: 'cohost' })).ok,
        true,
      );
      assert.equal((await emitAck(h, 'set-lobby', { enabled: true })).ok, true);
      const dan = await guest(server, 'Dan');
      const d = await open(dan.token);
      const seenH = record(h, 'lobby-resolved');
      const seenC = record(co, 'lobby-resolved');
      const asked = [h, co].map((s) => nextEvent(s, 'lobby-request'));
      const dJoin = emitAck(d, 'join', { room: m.meetingId }, 15000);
      await Promise.all(asked);
      // Both at once, from two moderators (the order alternates by round).
      const [first, second] = round % 2 ? [co, h] : [h, co];
      const acks = await Promise.all([
        emitAck(first, 'admit', { userId: dan.user.id }),
        emitAck(second, 'deny', { userId: dan.user.id }),
      ]);
      const winners = acks.filter((x) => x.ok);
      assert.equal(winners.length, 1, JSON.stringify(acks));
      assertError(
        acks.find((x) => !x.ok),
        'not_in_room',
      );
      const outcome = acks[0].ok ? 'admitted' : 'denied';
      const answer = await dJoin;
      assert.equal(answer.ok === true, outcome === 'admitted', JSON.stringify(answer));
      await until(() => seenH.length >= 1 && seenC.length >= 1, { what: 'lobby-resolved' });
      assert.deepEqual(seenH, [{ userId: dan.user.id, outcome }]);
      assert.deepEqual(seenC, seenH);
    }
  });

  test('lobby: a waiting socket that disconnects disappears from the requests', async () => {
    const host = await guest(server, 'Host');
    const m = await createMeeting(server, host.token, { lobby: true });
    const h = await open(host.token);
    await join(h, m.meetingId);
    const zed = await guest(server, 'Zed');
    const z = await open(zed.token);
    const request = nextEvent(h, 'lobby-request');
    emitAck(z, 'join', { room: m.meetingId }, 15000).catch(() => {});
    assert.equal((await request).userId, zed.user.id);
    const gone = nextEvent(h, 'lobby-resolved');
    z.disconnect();
    assert.deepEqual(await gone, { userId: zed.user.id, outcome: 'left' });
    assertError(await emitAck(h, 'admit', { userId: zed.user.id }), 'not_in_room');
  });

  test('reactions reach everyone, the sender included, within the rate limit', async () => {
    const { h, people } = await meeting(1);
    const p = people[0];
    const atH = nextEvent(h, 'reaction');
    const atP = nextEvent(p.s, 'reaction');
    assert.equal((await emitAck(p.s, 'reaction', { emoji: '🎉' })).ok, true);
    for (const r of await Promise.all([atH, atP]))
      assert.deepEqual(r, { socketId: p.s.id, userId: p.user.id, emoji: '🎉' });
    const acks = await Promise.all(
      Array.from({ length: 12 }, () => emitAck(p.s, 'reaction', { emoji: '👍' })),
    );
    const limited = acks.filter((a) => a.error?.code === 'rate_limited').length;
    assert.ok(limited >= 4, `expected some rate_limited, got ${JSON.stringify(acks)}`);
    assert.ok(acks.some((a) => a.ok));
  });
});

describe('moderation across a server restart', { skip }, () => {
  test('lock, lobby, cohosts and bans are kept', async () => {
    const sockets = [];
    let server = await startServer();
    try {
      const open = async (token) => {
        const s = await connect(server, token);
        sockets.push(s);
        return s;
      };
      const host = await guest(server, 'Host');
      const co = await guest(server, 'Co');
      const bad = await guest(server, 'Bad');
      const m = await createMeeting(server, host.token);
      const h = await open(host.token);
      await join(h, m.meetingId);
      // The host moderates the others once it heard them join (see meeting() above).
      const heardBy = (x) => nextEvent(h, 'user-joined', { filter: (p) => p.socketId === x.id });
      const c = await open(co.token);
      const heardC = heardBy(c);
      await join(c, m.meetingId);
      const b = await open(bad.token);
      const heardB = heardBy(b);
      await join(b, m.meetingId);
      await Promise.all([heardC, heardB]);
      assert.equal((await emitAck(h, 'set-role', { targetSocket: c.id, role: 'cohost' })).ok, true);
      assert.equal((await emitAck(h, 'remove-participant', { targetSocket: b.id })).ok, true);
      assert.equal((await emitAck(h, 'set-lobby', { enabled: true })).ok, true);
      assert.equal((await emitAck(h, 'lock-meeting', { locked: true })).ok, true);
      await closeAll(sockets.splice(0));
      await server.stop();
      server = await server.restart(); // same port and store

      const c2 = await open(co.token);
      const { ack } = await join(c2, m.meetingId); // a cohost passes lock and lobby
      assert.equal(ack.role, 'cohost');
      assert.deepEqual(ack.settings, { locked: true, lobby: true });
      const b2 = await open(bad.token);
      assertError(await emitAck(b2, 'join', { room: m.meetingId }), 'banned');
      const other = await open((await guest(server, 'Other')).token);
      assertError(await emitAck(other, 'join', { room: m.meetingId }), 'meeting_locked');
      assert.equal((await emitAck(c2, 'lock-meeting', { locked: false })).ok, true);
      const waiting = nextEvent(other, 'lobby-waiting');
      const otherJoin = emitAck(other, 'join', { room: m.meetingId }, 15000);
      await waiting;
      assert.equal((await emitAck(c2, 'admit-all')).count, 1);
      assert.equal((await otherJoin).ok, true);
    } finally {
      await closeAll(sockets);
      await server.stop();
    }
  });
});
