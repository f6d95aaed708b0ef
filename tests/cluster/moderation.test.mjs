// docs/cluster.md "Moderation": every moderation event works when the moderator and its target
// (or the room, or the lobby's waiting people) sit on different processes, with the events,
// acks and error codes of one process (docs/signaling.md "Moderation").
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  api,
  createMeeting,
  emitAck,
  guest,
  join,
  ids,
  nextEvent,
  record,
  skip,
  until,
  useCluster,
} from './harness.mjs';

const T = 10000;

/** Asserts an error ack with this code (and a message). */
function refused(ack, code) {
  assert.equal(ack.ok, undefined, `expected ${code}, got ${JSON.stringify(ack)}`);
  assert.equal(ack.error?.code, code, `expected ${code}, got ${JSON.stringify(ack)}`);
  assert.ok(ack.error.message.length > 0);
}

/** Everyone's raise-hand round trip: what the server sent them before has arrived. */
async function marker(from, members) {
  const heard = members.map((s) =>
    nextEvent(s, 'raise-hand', { timeout: T, filter: (p) => p.socketId === from.id }),
  );
  assert.equal((await emitAck(from, 'raise-hand', { raised: false }, T)).ok, true);
  await Promise.all(heard);
}

describe('cluster moderation', { skip }, () => {
  // A cap of 4 makes the race for the last seat cheap to set up (the other tests stay under it).
  const cluster = useCluster(3, { extraArgs: ['--max-participants', '4'] });
  const server = (i) => cluster.servers[i];

  /** A meeting whose host joins on process 0, and people joined on the given processes. */
  async function room(procs, fields = {}) {
    const host = await guest(server(0), 'Host');
    const m = await createMeeting(server(0), host.token, fields);
    const h = await cluster.open(0, host.token);
    await join(h, m.meetingId);
    const heard = record(h, 'user-joined');
    const people = [];
    for (const [n, i] of procs.entries()) {
      const g = await guest(server(i), `P${n}`);
      const s = await cluster.open(i, g.token);
      await join(s, m.meetingId);
      people.push({ ...g, s });
    }
    // A join is acked on its own process; the host's process learns of it from the meeting's
    // channel a moment later. A host's request about someone it has not heard of yet is
    // refused (not_in_room), so the tests start once the host has heard every join.
    await until(() => people.every((p) => heard.some((j) => j.socketId === p.s.id)), {
      timeout: T,
      what: "the host's process hearing every join",
    });
    return { m, host, h, people };
  }

  it('mute one, mute all and ask-unmute reach targets on other processes', async () => {
    const { m, host, h, people } = await room([1, 2]);
    const [a, b] = people;
    // A participant may not (not_host), whichever process holds the target.
    refused(
      await emitAck(a.s, 'mute-participant', { targetSocket: b.s.id, kind: 'audio' }),
      'not_host',
    );
    refused(
      await emitAck(h, 'mute-participant', { targetSocket: 'nobody', kind: 'audio' }),
      'not_in_room',
    );
    refused(
      await emitAck(h, 'mute-participant', { targetSocket: h.id, kind: 'audio' }),
      'invalid_target',
    );

    const muted = nextEvent(a.s, 'muted', { timeout: T });
    const atB = nextEvent(b.s, 'media-state', { timeout: T, filter: (x) => x.socketId === a.s.id });
    const atH = nextEvent(h, 'media-state', { timeout: T, filter: (x) => x.socketId === a.s.id });
    const aSelf = record(a.s, 'media-state');
    assert.deepEqual(
      await emitAck(h, 'mute-participant', { targetSocket: a.s.id, kind: 'audio' }, T),
      { ok: true, muted: 1 },
    );
    assert.deepEqual(await muted, {
      kind: 'audio',
      bySocket: h.id,
      byUserId: host.user.id,
      byUsername: 'Host',
    });
    for (const st of await Promise.all([atB, atH])) {
      assert.equal(st.audio, false);
      assert.equal(st.video, true);
    }

    const hMuted = record(h, 'muted');
    const videoOff = [a, b].map((x) =>
      nextEvent(x.s, 'muted', { timeout: T, filter: (e) => e.kind === 'video' }),
    );
    const ack = await emitAck(h, 'mute-all', { kind: 'video' }, T);
    assert.deepEqual(ack, { ok: true, muted: 2 });
    for (const e of await Promise.all(videoOff)) assert.equal(e.bySocket, h.id);
    await marker(h, [h, a.s, b.s]);
    assert.equal(hMuted.length, 0); // everyone but the sender
    // The target's own client is told `muted`, never media-state about itself; it hears b's.
    assert.equal(aSelf.filter((x) => x.socketId === a.s.id).length, 0);
    assert.equal(aSelf.filter((x) => x.socketId === b.s.id && !x.video).length, 1);

    // The muted state is the cluster's: a late joiner on a third process sees it.
    const late = await cluster.open(2, (await guest(server(2), 'Late')).token);
    const { ack: lateAck } = await join(late, m.meetingId);
    const byId = Object.fromEntries(lateAck.participants.map((p) => [p.socketId, p]));
    assert.equal(byId[a.s.id].audio, false);
    assert.equal(byId[a.s.id].video, false);
    assert.equal(byId[b.s.id].audio, true);
    assert.equal(byId[b.s.id].video, false);
    assert.equal(byId[h.id].video, true);

    const ask = nextEvent(b.s, 'unmute-request', { timeout: T });
    const strays = [a.s, late].map((s) => record(s, 'unmute-request'));
    assert.deepEqual(await emitAck(h, 'ask-unmute', { targetSocket: b.s.id, kind: 'audio' }, T), {
      ok: true,
    });
    assert.deepEqual(await ask, {
      kind: 'audio',
      bySocket: h.id,
      byUserId: host.user.id,
      byUsername: 'Host',
    });
    await marker(h, [a.s, late]);
    assert.deepEqual(
      strays.map((r) => r.length),
      [0, 0],
    );
  });

  it('remove bans the user: every tab on every process leaves, a rejoin on a third is refused', async () => {
    const { m, host, h, people } = await room([2]);
    const other = people[0];
    const victim = await guest(server(1), 'Victim');
    const tab1 = await cluster.open(1, victim.token);
    await join(tab1, m.meetingId);
    const tab2 = await cluster.open(2, victim.token); // the same user, on another process
    await join(tab2, m.meetingId);
    refused(await emitAck(other.s, 'remove-participant', { targetSocket: tab1.id }), 'not_host');

    const removed = [tab1, tab2].map((s) => nextEvent(s, 'removed', { timeout: T }));
    const leftAtOther = record(other.s, 'user-left');
    const leftAtHost = record(h, 'user-left');
    assert.deepEqual(await emitAck(h, 'remove-participant', { targetSocket: tab1.id }, T), {
      ok: true,
    });
    for (const r of await Promise.all(removed))
      assert.deepEqual(r, {
        meetingId: m.meetingId,
        bySocket: h.id,
        byUserId: host.user.id,
        byUsername: 'Host',
      });
    await until(() => leftAtOther.length === 2 && leftAtHost.length === 2, {
      timeout: T,
      what: 'user-left for both tabs',
    });
    assert.deepEqual(ids(leftAtOther).sort(), [tab1.id, tab2.id].sort());
    // Out of the room on both processes.
    refused(await emitAck(tab1, 'chat-message', { text: 'hi' }), 'not_in_room');
    refused(await emitAck(tab2, 'raise-hand', { raised: true }), 'not_in_room');
    // The ban holds on every process: the tab's own, the other tab's, and a fresh socket on
    // the host's process (which never held the victim).
    refused(await emitAck(tab1, 'join', { room: m.meetingId }, T), 'banned');
    const fresh = await cluster.open(0, victim.token);
    refused(await emitAck(fresh, 'join', { room: m.meetingId }, T), 'banned');
    // Removed on process 1 by a host on process 0: a new socket on process 2 is refused too.
    const third = await cluster.open(2, victim.token);
    refused(await emitAck(third, 'join', { room: m.meetingId }, T), 'banned');
    const rest = await api(server(2), 'POST', `/api/meetings/${m.meetingId}/join`, {
      token: victim.token,
    });
    assert.equal(rest.status, 403);
    // The lists agree everywhere: the victim is gone, the others stay.
    const late = await cluster.open(1, (await guest(server(1), 'Late')).token);
    const { ack } = await join(late, m.meetingId);
    assert.deepEqual(ids(ack.participants), [h.id, other.s.id, late.id]);
  });

  it('set-role: a cohost on one process moderates someone on another, never the host', async () => {
    const { m, h, people } = await room([1, 2]);
    const [co, x] = people;
    const changes = [h, co.s, x.s].map((s) => nextEvent(s, 'role-changed', { timeout: T }));
    assert.deepEqual(await emitAck(h, 'set-role', { targetSocket: co.s.id, role: 'cohost' }, T), {
      ok: true,
    });
    for (const c of await Promise.all(changes))
      assert.deepEqual(c, { socketId: co.s.id, userId: co.user.id, role: 'cohost' });
    refused(
      await emitAck(co.s, 'set-role', { targetSocket: h.id, role: 'participant' }),
      'not_host',
    );
    refused(
      await emitAck(co.s, 'mute-participant', { targetSocket: h.id, kind: 'audio' }),
      'not_host',
    );
    refused(await emitAck(co.s, 'remove-participant', { targetSocket: h.id }), 'not_host');
    refused(
      await emitAck(h, 'set-role', { targetSocket: co.s.id, role: 'host' }),
      'invalid_payload',
    );

    const muted = nextEvent(x.s, 'muted', { timeout: T });
    assert.equal(
      (await emitAck(co.s, 'mute-participant', { targetSocket: x.s.id, kind: 'video' }, T)).ok,
      true,
    );
    assert.equal((await muted).byUserId, co.user.id);
    // The role is the cluster's: a joiner on a third process sees it in its list.
    const late = await cluster.open(0, (await guest(server(0), 'Late')).token);
    const { ack } = await join(late, m.meetingId);
    assert.deepEqual(
      ack.participants.map((p) => p.role),
      ['host', 'cohost', 'participant', 'participant'],
    );
    // Taken back by the host on another process: the powers go at once.
    const back = nextEvent(co.s, 'role-changed', { timeout: T });
    assert.equal(
      (await emitAck(h, 'set-role', { targetSocket: co.s.id, role: 'participant' }, T)).ok,
      true,
    );
    assert.equal((await back).role, 'participant');
    refused(await emitAck(co.s, 'lock-meeting', { locked: true }), 'not_host');
    refused(
      await emitAck(co.s, 'mute-participant', { targetSocket: x.s.id, kind: 'audio' }),
      'not_host',
    );
  });

  it('lock: joins on other processes are refused at once, the host passes, unlock reopens', async () => {
    const { m, host, h, people } = await room([1]);
    const a = people[0];
    const settings = nextEvent(a.s, 'meeting-settings', { timeout: T });
    assert.deepEqual(await emitAck(h, 'lock-meeting', { locked: true }, T), { ok: true });
    assert.deepEqual(await settings, { locked: true, lobby: false });
    // Process 2 has no room for the meeting yet (it reads the state fresh); process 1 has one
    // (it was told). Both refuse, straight after the ack.
    const c = await cluster.open(2, (await guest(server(2), 'C')).token);
    refused(await emitAck(c, 'join', { room: m.meetingId }, T), 'meeting_locked');
    const d = await cluster.open(1, (await guest(server(1), 'D')).token);
    refused(await emitAck(d, 'join', { room: m.meetingId }, T), 'meeting_locked');
    // The host passes the lock in a second tab on another process.
    const h2 = await cluster.open(2, host.token);
    const { ack } = await join(h2, m.meetingId);
    assert.equal(ack.role, 'host');
    assert.deepEqual(ack.settings, { locked: true, lobby: false });
    const open = nextEvent(a.s, 'meeting-settings', { timeout: T });
    assert.deepEqual(await emitAck(h2, 'lock-meeting', { locked: false }, T), { ok: true });
    assert.deepEqual(await open, { locked: false, lobby: false });
    await join(c, m.meetingId);
  });

  it('lobby: a join held on one process is admitted or denied by a host on another', async () => {
    const host = await guest(server(0), 'Host');
    const m = await createMeeting(server(0), host.token, { lobby: true });
    const h = await cluster.open(0, host.token);
    await join(h, m.meetingId);
    const ann = await guest(server(1), 'Ann');
    const a = await cluster.open(1, ann.token);
    const requested = nextEvent(h, 'lobby-request', { timeout: T });
    const waiting = nextEvent(a, 'lobby-waiting', { timeout: T });
    const aExisting = nextEvent(a, 'existing-participants', { timeout: T });
    const aJoin = emitAck(a, 'join', { room: m.meetingId }, T);
    assert.deepEqual(await requested, { userId: ann.user.id, username: 'Ann' });
    assert.deepEqual(await waiting, { meetingId: m.meetingId });
    // A participant may not admit.
    const joined = nextEvent(h, 'user-joined', { timeout: T });
    const resolved = nextEvent(h, 'lobby-resolved', { timeout: T });
    assert.deepEqual(await emitAck(h, 'admit', { userId: ann.user.id }, T), { ok: true, count: 1 });
    assert.deepEqual(await resolved, { userId: ann.user.id, outcome: 'admitted' });
    const aAck = await aJoin;
    assert.equal(aAck.ok, true, JSON.stringify(aAck));
    assert.equal(aAck.role, 'participant');
    assert.deepEqual(ids(aAck.participants), [h.id, a.id]);
    assert.deepEqual(ids(await aExisting), [h.id]);
    assert.equal((await joined).socketId, a.id);
    refused(await emitAck(a, 'admit', { userId: 'u-nobody' }), 'not_host');

    // Ben waits on process 2; the host denies him from process 0.
    const ben = await guest(server(2), 'Ben');
    const b = await cluster.open(2, ben.token);
    const benAsked = nextEvent(h, 'lobby-request', { timeout: T });
    const bJoin = emitAck(b, 'join', { room: m.meetingId }, T);
    await benAsked;
    const denied = nextEvent(b, 'denied', { timeout: T });
    assert.deepEqual(await emitAck(h, 'deny', { userId: ben.user.id }, T), { ok: true, count: 1 });
    refused(await bJoin, 'denied');
    assert.deepEqual(await denied, { meetingId: m.meetingId });
    refused(await emitAck(h, 'deny', { userId: ben.user.id }, T), 'not_in_room');
    // Ben asks again, then leaves the lobby by closing: the host hears `left`.
    const again = nextEvent(h, 'lobby-request', { timeout: T });
    emitAck(b, 'join', { room: m.meetingId }, T).catch(() => {});
    await again;
    const left = nextEvent(h, 'lobby-resolved', { timeout: T });
    b.disconnect();
    assert.deepEqual(await left, { userId: ben.user.id, outcome: 'left' });
    refused(await emitAck(h, 'admit', { userId: ben.user.id }, T), 'not_in_room');
  });

  it('lobby: admit-all and lobby off let in people held on two processes; a later moderator sees who waits', async () => {
    const host = await guest(server(0), 'Host');
    const m = await createMeeting(server(0), host.token, { lobby: true });
    const h = await cluster.open(0, host.token);
    await join(h, m.meetingId);
    const held = [];
    for (const i of [1, 2]) {
      const g = await guest(server(i), `W${i}`);
      const s = await cluster.open(i, g.token);
      const w = nextEvent(s, 'lobby-waiting', { timeout: T });
      held.push({ ...g, s, join: emitAck(s, 'join', { room: m.meetingId }, T) });
      await w;
    }
    // The host's second tab, on process 2, arrives: it is shown both, one request per user.
    const h2 = await cluster.open(2, host.token);
    const shown = record(h2, 'lobby-request');
    await join(h2, m.meetingId);
    await until(() => shown.length === 2, { timeout: T, what: 'two lobby-requests' });
    assert.deepEqual(shown.map((r) => r.userId).sort(), held.map((x) => x.user.id).sort());
    const outcomes = [h, h2].map((s) => record(s, 'lobby-resolved'));
    assert.deepEqual(await emitAck(h2, 'admit-all', {}, T), { ok: true, count: 2 });
    for (const x of held) assert.equal((await x.join).ok, true);
    await until(() => outcomes.every((o) => o.length === 2), { timeout: T, what: 'resolved' });
    for (const o of outcomes) assert.ok(o.every((r) => r.outcome === 'admitted'));
    assert.deepEqual(await emitAck(h, 'admit-all', {}, T), { ok: true, count: 0 });

    // Turning the lobby off from process 0 lets in someone held on process 1 (the cap is 4:
    // h, h2 and two admitted make it full, so one of them leaves first).
    assert.equal((await emitAck(held[1].s, 'leave', undefined, T)).ok, true);
    const eve = await cluster.open(1, (await guest(server(1), 'Eve')).token);
    const eveWaits = nextEvent(eve, 'lobby-waiting', { timeout: T });
    const eveJoin = emitAck(eve, 'join', { room: m.meetingId }, T);
    await eveWaits;
    const settings = nextEvent(h2, 'meeting-settings', { timeout: T });
    assert.deepEqual(await emitAck(h, 'set-lobby', { enabled: false }, T), { ok: true });
    assert.deepEqual(await settings, { locked: false, lobby: false });
    assert.equal((await eveJoin).ok, true);
  });

  it('lobby: admit and deny racing from two processes, and admits racing for the last seat, give one answer', async () => {
    for (let round = 0; round < 2; round++) {
      const { m, h, people } = await room([1]);
      const co = people[0].s;
      assert.equal(
        (await emitAck(h, 'set-role', { targetSocket: co.id, role: 'cohost' }, T)).ok,
        true,
      );
      assert.equal((await emitAck(h, 'set-lobby', { enabled: true }, T)).ok, true);
      const dan = await guest(server(2), 'Dan');
      const d = await cluster.open(2, dan.token);
      const seen = [h, co].map((s) => record(s, 'lobby-resolved'));
      const asked = [h, co].map((s) => nextEvent(s, 'lobby-request', { timeout: T }));
      const dJoin = emitAck(d, 'join', { room: m.meetingId }, T);
      await Promise.all(asked);
      const [first, second] = round % 2 ? [co, h] : [h, co];
      const acks = await Promise.all([
        emitAck(first, 'admit', { userId: dan.user.id }, T),
        emitAck(second, 'deny', { userId: dan.user.id }, T),
      ]);
      assert.equal(acks.filter((x) => x.ok).length, 1, JSON.stringify(acks));
      refused(
        acks.find((x) => !x.ok),
        'not_in_room',
      );
      const outcome = acks[0].ok ? 'admitted' : 'denied';
      const answer = await dJoin;
      assert.equal(answer.ok === true, outcome === 'admitted', JSON.stringify(answer));
      await until(() => seen.every((s) => s.length >= 1), { timeout: T, what: 'resolved' });
      await marker(h, [h, co]);
      for (const s of seen) assert.deepEqual(s, [{ userId: dan.user.id, outcome }]);
    }

    // Two held on two processes, one seat left (cap 4: host, cohost and one more): admit-all
    // lets both try, and the cluster's one count gives exactly one of them the seat.
    const { m, h } = await room([1, 2]);
    assert.equal((await emitAck(h, 'set-lobby', { enabled: true }, T)).ok, true);
    const racers = [];
    for (const i of [1, 2]) {
      const g = await guest(server(i), `R${i}`);
      const s = await cluster.open(i, g.token);
      const w = nextEvent(s, 'lobby-waiting', { timeout: T });
      racers.push(emitAck(s, 'join', { room: m.meetingId }, T));
      await w;
    }
    assert.deepEqual(await emitAck(h, 'admit-all', {}, T), { ok: true, count: 2 });
    const answers = await Promise.all(racers);
    assert.equal(answers.filter((x) => x.ok).length, 1, JSON.stringify(answers));
    refused(
      answers.find((x) => !x.ok),
      'meeting_full',
    );
  });

  it('ending the meeting reaches members and held joins on every process', async () => {
    const { m, h, people } = await room([1, 2]);
    assert.equal((await emitAck(h, 'set-lobby', { enabled: true }, T)).ok, true);
    const w = await cluster.open(1, (await guest(server(1), 'W')).token);
    const waits = nextEvent(w, 'lobby-waiting', { timeout: T });
    const wJoin = emitAck(w, 'join', { room: m.meetingId }, T);
    await waits;
    const ended = [h, ...people.map((p) => p.s), w].map((s) =>
      nextEvent(s, 'meeting-ended', { timeout: T }),
    );
    assert.deepEqual(await emitAck(h, 'end-meeting', undefined, T), { ok: true });
    for (const e of await Promise.all(ended)) assert.equal(e.meetingId, m.meetingId);
    refused(await wJoin, 'meeting_ended');
    refused(await emitAck(people[1].s, 'mute-all', { kind: 'audio' }), 'not_in_room');
  });

  it('malformed moderation messages on the channels are dropped and logged, nothing breaks', async () => {
    const { m, h, people } = await room([1, 2]);
    const [a] = people;
    const noise = [
      '{"t":"mute","seq":999999,"kind":"screen","by":{"socketId":"x","userId":"u","username":"n"},"sockets":["s"]}',
      '{"t":"ban","seq":999999,"userId":"","by":{},"sockets":[]}',
      '{"t":"role","seq":999999,"userId":"u","role":"host"}',
      '{"t":"settings","seq":999999,"locked":"yes","lobby":false}',
      '{"t":"resolve","seq":999999,"outcome":"admitted","waiting":[{"socketId":1}]}',
      '{"t":"wait","seq":-1,"p":{}}',
      `{"t":"mute","seq":999999,"kind":"audio","by":{"socketId":"x","userId":"u","username":"n"},"sockets":${JSON.stringify(Array(5000).fill('s'))}}`,
    ];
    const dropped = () =>
      cluster.servers.map(
        (s) => s.logs.filter((l) => l.event === 'cluster_message_dropped').length,
      );
    const before = dropped();
    const publish = (channel, msg) =>
      execFileSync('redis-cli', ['-p', String(cluster.redis.port), 'PUBLISH', channel, msg]);
    for (const n of noise) publish(`parley:ch:m:${m.meetingId}`, n);
    // An ask without `by`, to every process.
    publish('parley:ch:all', '{"t":"ask","m":"x","to":"y","kind":"audio"}');
    await until(() => dropped().every((n, i) => n - before[i] === noise.length + 1), {
      timeout: T,
      what: 'every process logged the drops',
    });
    // The room works as before, and nobody was muted, removed or promoted by the noise.
    const gotMuted = [h, ...people.map((p) => p.s)].map((s) => record(s, 'muted'));
    const muted = nextEvent(a.s, 'muted', { timeout: T });
    assert.equal(
      (await emitAck(h, 'mute-participant', { targetSocket: a.s.id, kind: 'audio' }, T)).ok,
      true,
    );
    await muted;
    assert.deepEqual(
      gotMuted.map((r) => r.length),
      [0, 1, 0],
    );
    for (const s of cluster.servers) assert.equal(s.running(), true);
  });
});
