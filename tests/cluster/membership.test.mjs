// docs/cluster.md "Membership": participants of one meeting spread over three processes see
// one list, in one order, and every room event crosses processes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  api,
  connect,
  createMeeting,
  disconnected,
  emitAck,
  guest,
  join,
  ids,
  nextEvent,
  record,
  registerUser,
  skip,
  until,
  useCluster,
} from './harness.mjs';

/** Each socket's view of the room: its ack's list, then every user-joined and user-left. */
function track(socket, ack) {
  const list = [...ack.participants];
  socket.on('user-joined', (p) => list.push(p));
  socket.on('user-left', ({ socketId }) => {
    const i = list.findIndex((p) => p.socketId === socketId);
    if (i >= 0) list.splice(i, 1);
  });
  return list;
}

describe('cluster membership', { skip }, () => {
  const cluster = useCluster(3);

  it('participants spread round-robin see one list, relays and chat cross processes', async () => {
    const host = await guest(cluster.servers[0], 'host');
    const meeting = await createMeeting(cluster.servers[0], host.token);
    const people = [
      host,
      ...(await Promise.all([1, 2, 3, 4].map((i) => guest(cluster.servers[i % 3], `g${i}`)))),
    ];
    const sockets = [];
    const views = [];
    for (const [i, p] of people.entries()) {
      const s = await cluster.open(i, p.token);
      const { ack, existing } = await join(s, meeting.meetingId);
      assert.deepEqual(
        ids(existing),
        ids(ack.participants).filter((id) => id !== s.id),
      );
      sockets.push(s);
      views.push(track(s, ack));
    }
    const all = sockets.map((s) => s.id);
    await until(() => views.every((v) => v.length === 5), {
      timeout: 10000,
      what: 'five everywhere',
    });
    for (const v of views) assert.deepEqual(ids(v), all);

    // A relay from process 0 to a socket on process 1 reaches it with the sender's fields.
    const offer = nextEvent(sockets[1], 'offer', { timeout: 10000 });
    const relayAck = await emitAck(sockets[0], 'offer', {
      offer: { type: 'offer', sdp: 'v=0' },
      targetSocket: all[1],
    });
    assert.deepEqual(relayAck, { ok: true });
    const got = await offer;
    assert.equal(got.fromSocket, all[0]);
    assert.equal(got.fromUserId, host.user.id);
    assert.deepEqual(got.offer, { type: 'offer', sdp: 'v=0' });
    // Nobody else hears it (the relay went to process 1 only).
    const strays = sockets.map((s) => record(s, 'ice-candidate'));
    const ice = nextEvent(sockets[2], 'ice-candidate', { timeout: 10000 });
    await emitAck(sockets[4], 'ice-candidate', {
      candidate: { candidate: 'c' },
      targetSocket: all[2],
    });
    assert.equal((await ice).fromSocket, all[4]);
    // An unknown target is refused, never delivered.
    const bad = await emitAck(sockets[0], 'answer', {
      answer: { type: 'answer', sdp: 'x' },
      targetSocket: 'nobody',
    });
    assert.equal(bad.error?.code, 'not_in_room');

    // Chat from process 2 reaches everyone, sender included.
    const heard = sockets.map((s) => nextEvent(s, 'chat-message', { timeout: 10000 }));
    const chatAck = await emitAck(sockets[2], 'chat-message', { text: 'hello cluster' }, 10000);
    assert.equal(chatAck.ok, true);
    for (const m of await Promise.all(heard)) assert.equal(m.text, 'hello cluster');
    assert.deepEqual(
      strays.map((r) => r.length),
      [0, 0, 1, 0, 0],
    );

    // media-state and raise-hand cross processes and stay in new joiners' lists.
    const media = nextEvent(sockets[0], 'media-state', { timeout: 10000 });
    await emitAck(sockets[3], 'media-state', { audio: false, video: true, screen: false });
    assert.equal((await media).socketId, all[3]);
    const hand = nextEvent(sockets[1], 'raise-hand', { timeout: 10000 });
    await emitAck(sockets[4], 'raise-hand', { raised: true });
    assert.equal((await hand).raised, true);
    const late = await cluster.open(2, (await guest(cluster.servers[2], 'late')).token);
    const { ack } = await join(late, meeting.meetingId);
    const byId = Object.fromEntries(ack.participants.map((p) => [p.socketId, p]));
    assert.equal(byId[all[3]].audio, false);
    assert.equal(byId[all[4]].raised, true);

    // A leave on process 1 reaches the others.
    const left = nextEvent(sockets[0], 'user-left', {
      timeout: 10000,
      filter: (p) => p.socketId === all[1],
    });
    assert.deepEqual(await emitAck(sockets[1], 'leave'), { ok: true });
    await left;
  });

  it('ten simultaneous joins over three processes leave identical lists everywhere', async () => {
    const host = await guest(cluster.servers[0], 'host');
    const meeting = await createMeeting(cluster.servers[0], host.token, {});
    const tokens = await Promise.all(
      Array.from({ length: 10 }, (_, i) => guest(cluster.servers[i % 3], `s${i}`)),
    );
    const sockets = await Promise.all(tokens.map((t, i) => cluster.open(i, t.token)));
    // Every user-joined a socket hears comes after its own ack (docs/cluster.md "Membership").
    const joined = sockets.map((s) => record(s, 'user-joined'));
    // Capacity is 8 without an SFU: 8 admitted, 2 refused meeting_full, decided atomically.
    const acks = await Promise.all(
      sockets.map((s) => emitAck(s, 'join', { room: meeting.meetingId }, 15000)),
    );
    const admitted = sockets.map((_, i) => i).filter((i) => acks[i].ok);
    assert.equal(admitted.length, 8);
    for (const a of acks.filter((a) => !a.ok)) assert.equal(a.error.code, 'meeting_full');
    const views = admitted.map((i) => ({
      get length() {
        return this.list.length;
      },
      get list() {
        return [...acks[i].participants, ...joined[i]];
      },
    }));
    await until(() => views.every((v) => v.length === 8), {
      timeout: 10000,
      what: 'eight everywhere',
    });
    const first = ids(views[0].list);
    for (const v of views) assert.deepEqual(ids(v.list), first);
    // Each ack is the list as of its own join (docs/cluster.md "Membership"): the joiner last,
    // the lists of sizes 1 to 8, each one the start of the next.
    const lists = admitted.map((i) => ids(acks[i].participants));
    admitted.forEach((i, k) => assert.equal(lists[k].at(-1), sockets[i].id));
    lists.sort((x, y) => x.length - y.length);
    assert.deepEqual(
      lists.map((l) => l.length),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    for (let k = 1; k < lists.length; k++) assert.deepEqual(lists[k].slice(0, k), lists[k - 1]);
  });

  it('members on three processes leaving in turn each hear every earlier leave, not their own', async () => {
    const host = await guest(cluster.servers[0], 'host');
    const meeting = await createMeeting(cluster.servers[0], host.token);
    const sockets = [];
    for (let i = 0; i < 6; i++) {
      const s = await cluster.open(i, (await guest(cluster.servers[i % 3], `l${i}`)).token);
      await join(s, meeting.meetingId);
      sockets.push(s);
    }
    const left = sockets.map((s) => record(s, 'user-left'));
    // Each leaves once the one before got its ack: on one process or three, it has heard
    // every departure before its own by then (docs/cluster.md "Membership").
    for (const s of sockets)
      assert.deepEqual(await emitAck(s, 'leave', undefined, 10000), { ok: true });
    const order = sockets.map((s) => s.id);
    left.forEach((l, i) => assert.deepEqual(ids(l), order.slice(0, i), `member ${i}`));
  });

  it('a meeting ended by REST on one process ends sockets on all', async () => {
    const host = await guest(cluster.servers[0], 'host');
    const meeting = await createMeeting(cluster.servers[0], host.token);
    const members = [
      host,
      await guest(cluster.servers[1], 'a'),
      await guest(cluster.servers[2], 'b'),
    ];
    const sockets = [];
    for (const [i, p] of members.entries()) {
      const s = await cluster.open(i, p.token);
      await join(s, meeting.meetingId);
      sockets.push(s);
    }
    const ended = sockets.map((s) => nextEvent(s, 'meeting-ended', { timeout: 10000 }));
    const r = await fetch(`${cluster.servers[1].url}/api/meetings/${meeting.meetingId}/end`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}` },
    });
    assert.equal(r.status, 200);
    for (const e of await Promise.all(ended)) assert.equal(e.meetingId, meeting.meetingId);
    // A join after the end is refused on any process.
    const again = await emitAck(sockets[2], 'join', { room: meeting.meetingId }, 10000);
    assert.equal(again.error?.code, 'meeting_ended');
  });

  it("signing out on one process disconnects that token's sockets on every process", async () => {
    const user = await registerUser(cluster.servers[0]);
    const sockets = [await cluster.open(1, user.token), await cluster.open(2, user.token)];
    const gone = sockets.map((s) => disconnected(s, 10000));
    const r = await api(cluster.servers[0], 'DELETE', '/api/sessions', { token: user.token });
    assert.equal(r.status, 204);
    await Promise.all(gone);
    // Every process refuses the token from now on (caches dropped everywhere).
    for (const i of [1, 2])
      await assert.rejects(connect(cluster.servers[i], user.token), /unauthorized/);
  });
});
