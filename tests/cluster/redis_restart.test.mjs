// docs/cluster.md "Losing Redis": redis-server killed mid-meeting and started again on the same
// port, empty or with its data kept. While it is down the documented degraded answers; once
// it is back every process reconnects and rebuilds, and without restarting any of them joins
// work again, every process lists the same participants, relays and chat cross processes, and
// the members who stayed are told nothing (no user-left, no user-joined).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createMeeting,
  emitAck,
  guest,
  join,
  ids,
  nextEvent,
  record,
  skip,
  sleep,
  until,
  untilLeftAt,
  useCluster,
} from './harness.mjs';

const T = 10000;
/** How soon after Redis is back a join through any process must succeed. */
const RECOVERY_MS = 10000;
/** node_options::rebuild_grace (docs/cluster.md "Losing Redis"). */
const GRACE_MS = 7000;
/** A paused Redis is found unresponsive within reply_timeout (5 s) plus a heartbeat (2 s). */
const PAUSE_DETECT_MS = 9000;
/** How long the empty restart keeps Redis down. */
const DOWN_MS = 3000;

/** Whether server `s` logged `event` at or after log line `from`. */
const logged = (s, event, from = 0) => s.logs.slice(from).some((l) => l.event === event);

/** A meeting with the host on process 0 and one guest on each process (four members). */
async function meetingOverThree(cluster) {
  const host = await guest(cluster.servers[0], 'host');
  const meeting = await createMeeting(cluster.servers[0], host.token);
  const people = [
    host,
    ...(await Promise.all([1, 2, 3].map((i) => guest(cluster.servers[i % 3], `g${i}`)))),
  ];
  const sockets = [];
  const known = [];
  for (const [i, p] of people.entries()) {
    const s = await cluster.open(i % 3, p.token);
    const heard = record(s, 'user-joined');
    const { ack } = await join(s, meeting.meetingId);
    known.push(() => ack.participants.length + heard.length);
    sockets.push(s);
  }
  // Every member heard of every other before Redis goes (the last join's message may still
  // be on its way to the other processes when its own ack arrives).
  await until(() => known.every((n) => n() === people.length), {
    timeout: T,
    what: 'four everywhere',
  });
  return { meeting, people, sockets };
}

/** Resolves once every server logged `event` after its log line marks[i]. */
const allLogged = (cluster, event, marks, timeout = T) =>
  until(() => cluster.servers.every((s, i) => logged(s, event, marks[i])), {
    timeout,
    what: event,
  });

/**
 * After Redis came back: a late joiner through each process (1, 2, 0) is admitted within
 * RECOVERY_MS, their lists agree in order, and a relay across processes and a chat reach.
 * Returns the ms from `t0` to the first admitted join and the late sockets.
 */
async function carriesOn(cluster, meetingId, sockets, t0) {
  const late = [];
  const acks = [];
  let firstJoin = 0;
  for (const i of [1, 2, 0]) {
    const s = await cluster.open(i, (await guest(cluster.servers[i], `late${i}`)).token);
    let ack;
    await until(
      async () => {
        ack = await emitAck(s, 'join', { room: meetingId }, T);
        return ack.ok;
      },
      { timeout: RECOVERY_MS, what: `a join through process ${i}` },
    );
    firstJoin ||= Date.now() - t0;
    late.push(s);
    acks.push(ack);
  }
  // Every process lists the same participants in the same order: each ack is the last's prefix.
  const everyone = ids(acks[2].participants);
  assert.deepEqual(
    [...everyone].sort(),
    [...sockets.map((s) => s.id), ...late.map((s) => s.id)].sort(),
  );
  for (const a of acks)
    assert.deepEqual(ids(a.participants), everyone.slice(0, a.participants.length));
  // A relay from process 0 to a socket on process 1, and from a late joiner on 2 to process 0.
  for (const [from, to] of [
    [sockets[0], sockets[1]],
    [late[1], sockets[0]],
  ]) {
    const offer = nextEvent(to, 'offer', { timeout: T, filter: (o) => o.fromSocket === from.id });
    assert.deepEqual(
      await emitAck(from, 'offer', { offer: { type: 'offer', sdp: 'v=0' }, targetSocket: to.id }),
      { ok: true },
    );
    await offer;
  }
  const heard = [...sockets, ...late].map((s) => nextEvent(s, 'chat-message', { timeout: T }));
  assert.equal((await emitAck(sockets[2], 'chat-message', { text: 'back again' }, T)).ok, true);
  for (const m of await Promise.all(heard)) assert.equal(m.text, 'back again');
  return { firstJoin, late };
}

describe('cluster with Redis restarting', { skip }, () => {
  const cluster = useCluster(3);

  it('Redis restarts empty mid-meeting: processes reconnect, rebuild, the meeting carries on', async () => {
    const { meeting, sockets } = await meetingOverThree(cluster);
    const left = sockets.map((s) => record(s, 'user-left'));
    const joined = sockets.map((s) => record(s, 'user-joined'));
    const marks = cluster.servers.map((s) => s.logs.length);
    let t0 = 0;
    await cluster.restartRedis({
      down: async () => {
        await allLogged(cluster, 'cluster_redis_lost', marks);
        // docs/cluster.md "Losing Redis": the degraded answers.
        const refused = await cluster.open(1, (await guest(cluster.servers[1], 'during')).token);
        assert.equal(
          (await emitAck(refused, 'join', { room: meeting.meetingId }, T)).error?.code,
          'unavailable',
        );
        const across = await emitAck(sockets[0], 'offer', {
          offer: { type: 'offer', sdp: 'v=0' },
          targetSocket: sockets[1].id,
        });
        assert.equal(across.error?.code, 'unavailable');
        assert.equal(
          (await emitAck(sockets[0], 'chat-message', { text: 'anyone?' }, T)).error?.code,
          'unavailable',
        );
        // Same process (0 holds sockets 0 and 3): delivered as before.
        const offer = nextEvent(sockets[3], 'offer', { timeout: T });
        assert.deepEqual(
          await emitAck(sockets[0], 'offer', {
            offer: { type: 'offer', sdp: 'v=0' },
            targetSocket: sockets[3].id,
          }),
          { ok: true },
        );
        await offer;
        // Down for a while: the processes' reconnect delays have grown (docs/cluster.md).
        await sleep(DOWN_MS);
        t0 = Date.now();
      },
    });
    await allLogged(cluster, 'cluster_redis_back', marks, RECOVERY_MS);
    const back = Date.now() - t0;
    await allLogged(cluster, 'cluster_room_rebuilt', marks, RECOVERY_MS);
    const { firstJoin, late } = await carriesOn(cluster, meeting.meetingId, sockets, t0);
    // The host's moderation came back from the store: it can still mute across processes.
    const muted = nextEvent(sockets[1], 'muted', { timeout: T });
    assert.deepEqual(
      await emitAck(
        sockets[0],
        'mute-participant',
        { targetSocket: sockets[1].id, kind: 'audio' },
        T,
      ),
      { ok: true, muted: 1 },
    );
    await muted;
    // Those who stayed noticed nothing but the late joiners.
    assert.deepEqual(
      left.map((l) => l.length),
      [0, 0, 0, 0],
    );
    for (const [k, j] of joined.entries())
      assert.deepEqual(
        j.map((p) => p.socketId),
        late.map((s) => s.id),
        `socket ${k} heard user-joined of more than the late joiners`,
      );
    console.log(
      `# redis restarted empty after ${DOWN_MS} ms down: all back in ${back} ms, first join admitted in ${firstJoin} ms`,
    );
  });

  it('Redis restarts with its data kept: nobody reaped, a leave while it was down is told', async () => {
    const { meeting, sockets } = await meetingOverThree(cluster);
    const left = sockets.map((s) => record(s, 'user-left'));
    const marks = cluster.servers.map((s) => s.logs.length);
    let t0 = 0;
    // Socket 2 (process 2, its only member there) leaves while Redis is down: its process
    // cannot tell the others, and its room is gone; the leave is owed.
    await cluster.restartRedis({
      keep: true,
      down: async () => {
        await allLogged(cluster, 'cluster_redis_lost', marks);
        assert.deepEqual(await emitAck(sockets[2], 'leave'), { ok: true });
        t0 = Date.now();
      },
    });
    // Joins work again at once.
    const early = await cluster.open(1, (await guest(cluster.servers[1], 'early')).token);
    await until(async () => (await emitAck(early, 'join', { room: meeting.meetingId }, T)).ok, {
      timeout: RECOVERY_MS,
      what: 'a join through process 1',
    });
    const firstJoin = Date.now() - t0;
    // The others hear the leaver leave: at once if they rebuilt before its process sent the
    // owed leave, else once the rebuild grace is over.
    await Promise.all(
      [0, 1, 3].map((i) =>
        until(() => left[i].some((p) => p.socketId === sockets[2].id), {
          timeout: GRACE_MS + T,
          what: 'user-left of the leaver',
        }),
      ),
    );
    const leftAfter = Date.now() - t0;
    const stayed = [sockets[0], sockets[1], sockets[3], early];
    await carriesOn(cluster, meeting.meetingId, stayed, t0);
    // Nobody else left (no process reaped another whose heartbeat had not come back yet).
    for (const i of [0, 1, 3])
      assert.deepEqual(
        left[i].map((p) => p.socketId),
        [sockets[2].id],
      );
    console.log(
      `# redis restarted with its data: first join admitted in ${firstJoin} ms, the leaver told in ${leftAfter} ms`,
    );
  });

  it('Redis paused (SIGSTOP) past the heartbeat TTL: found unresponsive, used again once it answers', async () => {
    const { meeting, sockets } = await meetingOverThree(cluster);
    const left = sockets.map((s) => record(s, 'user-left'));
    const joined = sockets.map((s) => record(s, 'user-joined'));
    const marks = cluster.servers.map((s) => s.logs.length);
    const { pid } = cluster.redis;
    process.kill(pid, 'SIGSTOP');
    try {
      // Connections stay open: no reply for reply_timeout (5 s), seen at a heartbeat (2 s).
      await allLogged(cluster, 'cluster_redis_unresponsive', marks, PAUSE_DETECT_MS);
      await allLogged(cluster, 'cluster_redis_lost', marks);
      const refused = await cluster.open(2, (await guest(cluster.servers[2], 'paused')).token);
      assert.equal(
        (await emitAck(refused, 'join', { room: meeting.meetingId }, T)).error?.code,
        'unavailable',
      );
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const t0 = Date.now();
    await allLogged(cluster, 'cluster_room_rebuilt', marks, RECOVERY_MS);
    const { firstJoin, late } = await carriesOn(cluster, meeting.meetingId, sockets, t0);
    // The heartbeat keys expired during the pause, and sweeps queued before it ran when Redis
    // woke: the members they removed were re-registered, and nobody who stayed was told.
    assert.deepEqual(
      left.map((l) => l.length),
      [0, 0, 0, 0],
    );
    for (const j of joined)
      assert.deepEqual(
        j.map((p) => p.socketId),
        late.map((s) => s.id),
      );
    console.log(`# redis paused past the TTL: first join admitted ${firstJoin} ms after SIGCONT`);
  });

  // Last: it kills process 2.
  it('a process that died while Redis was away: its members leave after the rebuild grace', async () => {
    const { meeting, people, sockets } = await meetingOverThree(cluster);
    const left = sockets.map((s) => record(s, 'user-left'));
    const dead = sockets[2].id; // gone from the client once its server is killed
    const marks = cluster.servers.map((s) => s.logs.length);
    await cluster.restartRedis({
      down: async () => {
        await allLogged(cluster, 'cluster_redis_lost', marks);
        await cluster.servers[2].kill();
      },
    });
    const t0 = Date.now();
    const heard = [0, 1, 3].map((i) =>
      until(() => left[i].some((p) => p.socketId === dead), {
        timeout: GRACE_MS + T,
        what: "user-left of the dead process's member",
      }),
    );
    await Promise.all(heard);
    const after = Date.now() - t0;
    assert.ok(after >= GRACE_MS - 1000, `dropped after ${after} ms, before the grace`);
    for (const i of [0, 1, 3])
      assert.deepEqual(
        left[i].map((p) => p.socketId),
        [dead],
      );
    // Its stay ends in the attendance, as after a sweep.
    await untilLeftAt(cluster.servers[0], meeting.meetingId, people[0].token, people[2].user.id, {
      timeout: T,
      what: "left_at of the dead process's participant",
    });
    console.log(
      `# a process dead while Redis was away: its member left ${after} ms after Redis was back`,
    );
  });
});
