// Participant lists under simultaneous joins and leaves, and reconnects without ghosts.
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
  until,
  metrics,
  nextEvent,
  roomMarker,
} from './harness.mjs';

/**
 * Tracks what one member believes the room holds, from its own join ack (the server's list at
 * that instant) plus the user-joined / user-left it hears afterwards.
 */
function tracker(socket) {
  const view = new Map();
  const events = [];
  // Who left, even before the seed: socket.io-client in Node dispatches every frame of one
  // TCP read in one task, so a user-left that follows the join ack can reach us before the
  // code awaiting the ack seeds the view (the cluster pass saw a survivor keep a leaver so).
  const gone = new Set();
  socket.on('user-joined', (p) => {
    events.push(['+', p.socketId]);
    view.set(p.socketId, p);
  });
  socket.on('user-left', (p) => {
    events.push(['-', p.socketId]);
    view.delete(p.socketId);
    gone.add(p.socketId);
  });
  return {
    view,
    events,
    seed(participants) {
      for (const p of participants)
        if (!view.has(p.socketId) && !gone.has(p.socketId)) view.set(p.socketId, p);
    },
    ids() {
      return [...view.keys()].sort();
    },
  };
}

describe('concurrency', { skip }, () => {
  // Short heartbeats so a silently dead client is noticed within about a second.
  const server = useServer({
    // Ten members in one room: over the default cap of 8 (docs/signaling.md, "Limits").
    extraArgs: ['--ping-interval', '400', '--ping-timeout', '600', '--max-participants', '16'],
  });
  let host;
  const sockets = [];
  server.onStop(() => closeAll(sockets));
  before(async () => {
    host = await guest(server, 'Host');
  });

  /**
   * Waits until the server counts exactly the sockets this file holds open: every disconnect
   * so far is handled (its departure posted to its room). A positive marker, not a sleep.
   */
  async function disconnectsHandled() {
    const open = () => sockets.filter((s) => s.connected).length;
    await until(async () => (await metrics(server)).parley_signaling_sockets === open(), {
      timeout: 10000,
      what: 'the server to handle every disconnect',
    });
  }

  async function clients(n, prefix) {
    const out = [];
    for (let i = 0; i < n; i++) {
      const g = await guest(server, `${prefix}${i}`);
      const s = await connect(server, g.token);
      sockets.push(s);
      out.push(s);
    }
    return out;
  }

  test('ten simultaneous joins: every member ends with the same list as the server', async () => {
    const m = await createMeeting(server, host.token);
    const ss = await clients(10, 'J');
    const ts = ss.map(tracker);
    const acks = await Promise.all(ss.map((s) => join(s, m.meetingId)));
    acks.forEach(({ ack }, i) => ts[i].seed(ack.participants));
    const all = ss.map((s) => s.id).sort();
    await until(() => ts.every((t) => t.ids().join() === all.join()), { what: 'all views equal' });
    // The joins were serialized: the ack lists have sizes 1..10, each one a prefix of the next.
    const lists = acks
      .map(({ ack }) => ack.participants.map((p) => p.socketId))
      .sort((x, y) => x.length - y.length);
    assert.deepEqual(
      lists.map((l) => l.length),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    for (let i = 1; i < lists.length; i++) assert.deepEqual(lists[i].slice(0, i), lists[i - 1]);
    // existing-participants is exactly the ack list minus the joiner.
    acks.forEach(({ ack, existing }, i) => {
      assert.deepEqual(
        existing.map((p) => p.socketId),
        ack.participants.map((p) => p.socketId).filter((id) => id !== ss[i].id),
      );
    });
    await Promise.all(ss.map((s) => emitAck(s, 'leave')));
  });

  test('simultaneous joins and leaves: the survivors agree with each other and the server', async () => {
    const m = await createMeeting(server, host.token);
    const first = await clients(6, 'F');
    const ts = new Map();
    for (const s of first) {
      ts.set(s, tracker(s));
      ts.get(s).seed((await join(s, m.meetingId)).ack.participants);
    }
    const second = await clients(6, 'S');
    for (const s of second) ts.set(s, tracker(s));
    const leaving = first.slice(0, 4);
    const staying = [...first.slice(4), ...second];
    await Promise.all([
      ...leaving.map((s) => emitAck(s, 'leave')),
      ...second.map(async (s) => ts.get(s).seed((await join(s, m.meetingId)).ack.participants)),
    ]);
    const want = staying.map((s) => s.id).sort();
    await until(() => staying.every((s) => ts.get(s).ids().join() === want.join()), {
      what: () =>
        `survivor views equal to ${want}: ${staying
          .filter((s) => ts.get(s).ids().join() !== want.join())
          .map((s) => `${s.id} sees ${ts.get(s).ids()} after ${ts.get(s).events.join(' ')}`)}`,
    });
    // A late joiner's view comes straight from the server and matches.
    const [late] = await clients(1, 'L');
    const { ack } = await join(late, m.meetingId);
    assert.deepEqual(
      ack.participants
        .map((p) => p.socketId)
        .filter((id) => id !== late.id)
        .sort(),
      want,
    );
    await Promise.all([...staying, late].map((s) => emitAck(s, 'leave')));
  });

  test('a dropped connection that reconnects leaves no ghost; user-left is sent once', async () => {
    const m = await createMeeting(server, host.token);
    const [watcher] = await clients(1, 'W');
    await join(watcher, m.meetingId);
    const g = await guest(server, 'Flaky');
    // A client with reconnection on, as browsers use it; it rejoins after each reconnect.
    const flaky = await connect(server, g.token, {
      reconnection: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
    });
    sockets.push(flaky);
    const ids = [];
    flaky.on('connect', () => {
      ids.push(flaky.id);
      flaky.emit('join', { room: m.meetingId });
    });
    ids.push(flaky.id);
    await join(flaky, m.meetingId);
    const t = tracker(watcher);
    t.view.set(flaky.id, {});
    t.view.set(watcher.id, {});

    // 1. A clean transport close (the network dropped with a FIN).
    flaky.io.engine.close();
    await until(() => ids.length === 2 && t.view.has(ids[1]) && !t.view.has(ids[0]), {
      what: 'clean reconnect',
    });

    // 2. A silent drop: the client stops reading, so it answers no ping; both ends time out.
    const silent = flaky.io.engine.transport.ws._socket;
    silent.pause();
    // It never reads the server's close: without this, ws would keep it (and this file's
    // process) open for its 30 s close timeout.
    server.onStop(() => silent.destroy());
    await until(() => ids.length === 3 && t.view.has(ids[2]) && !t.view.has(ids[1]), {
      timeout: 8000,
      what: 'silent-drop reconnect',
    });
    // Both dropped sessions are gone at the server; the probe's user-joined then comes after
    // any user-left they caused.
    await disconnectsHandled();
    const [probe] = await clients(1, 'P');
    const probed = nextEvent(watcher, 'user-joined', { filter: (p) => p.socketId === probe.id });
    const { existing } = await join(probe, m.meetingId);
    await probed;

    const leftCounts = ids.map((id) => t.events.filter(([k, x]) => k === '-' && x === id).length);
    assert.deepEqual(leftCounts, [1, 1, 0]);
    assert.deepEqual(t.ids(), [watcher.id, ids[2], probe.id].sort());
    // The server agrees: a fresh joiner sees exactly the watcher and the live flaky socket.
    assert.deepEqual(existing.map((p) => p.socketId).sort(), [watcher.id, ids[2]].sort());
    await closeAll([flaky, probe, watcher]);
  });

  test('a socket disconnecting while its join is still in flight leaves no ghost', async () => {
    const m = await createMeeting(server, host.token);
    const [watcher] = await clients(1, 'W2');
    await join(watcher, m.meetingId);
    const joined = record(watcher, 'user-joined');
    const left = record(watcher, 'user-left');
    for (let i = 0; i < 10; i++) {
      const g = await guest(server, `Q${i}`);
      const s = await connect(server, g.token);
      s.emit('join', { room: m.meetingId });
      s.disconnect();
    }
    // Once the server has handled the ten disconnects no admit can follow (a closed session is
    // refused); the probe's user-joined comes after every user-left they caused.
    await disconnectsHandled();
    const [probe] = await clients(1, 'P2');
    const probed = nextEvent(watcher, 'user-joined', { filter: (p) => p.socketId === probe.id });
    const { existing } = await join(probe, m.meetingId);
    await probed;
    // Whoever the others heard join, they heard leave, once each.
    const j = joined
      .map((p) => p.socketId)
      .filter((id) => id !== probe.id)
      .sort();
    const l = left.map((p) => p.socketId).sort();
    assert.deepEqual(l, j);
    assert.deepEqual(
      existing.map((p) => p.socketId),
      [watcher.id],
    );
    const mm = await metrics(server);
    assert.ok(mm.parley_signaling_sockets >= 2);
    await closeAll([probe, watcher]);
  });

  test('offers racing a leave are either delivered before user-left or refused', async () => {
    const m = await createMeeting(server, host.token);
    const [a, b] = await clients(2, 'R');
    await join(a, m.meetingId);
    // a offers once it heard b join, as a client does (across processes that may come just
    // after b's ack: docs/cluster.md "The signaling suite across processes").
    const heard = nextEvent(a, 'user-joined', { filter: (p) => p.socketId === b.id });
    await join(b, m.meetingId);
    await heard;
    const order = [];
    b.on('offer', () => order.push('offer'));
    b.on('user-left', () => order.push('left'));
    const acks = [];
    for (let i = 0; i < 20; i++)
      acks.push(
        emitAck(a, 'offer', { offer: { type: 'offer', sdp: `v=${i}` }, targetSocket: b.id }),
      );
    acks.push(emitAck(a, 'leave'));
    for (let i = 0; i < 5; i++)
      acks.push(emitAck(a, 'offer', { offer: { type: 'offer', sdp: 'late' }, targetSocket: b.id }));
    const res = await Promise.all(acks);
    await until(() => order.includes('left'), { what: 'user-left at b' });
    await roomMarker(b);
    assert.deepEqual(
      res.slice(0, 21).map((r) => r.ok),
      Array(21).fill(true),
    );
    assert.deepEqual(
      res.slice(21).map((r) => r.error?.code),
      Array(5).fill('not_in_room'),
    );
    assert.deepEqual(order, [...Array(20).fill('offer'), 'left']);
    await closeAll([a, b]);
  });
});
