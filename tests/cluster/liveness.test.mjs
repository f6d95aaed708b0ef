// docs/cluster.md "Liveness": a process killed with SIGKILL has its participants leave the
// others' lists within 15 s, and bad start-up configuration ends the process with one line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { freePort } from '../lib/process.mjs';
import { serverBin } from '../lib/servers.mjs';
import {
  createMeeting,
  emitAck,
  guest,
  nextEvent,
  skip,
  untilLeftAt,
  useCluster,
} from './harness.mjs';

describe('cluster liveness', { skip }, () => {
  const cluster = useCluster(3);

  it('kill -9 of one process: its participants leave the others within 15 s', async () => {
    const host = await guest(cluster.servers[0], 'host');
    const meeting = await createMeeting(cluster.servers[0], host.token);
    const people = [
      host,
      await guest(cluster.servers[1], 'a'),
      await guest(cluster.servers[2], 'b'),
    ];
    const sockets = [];
    for (const [i, p] of people.entries()) {
      const s = await cluster.open(i, p.token);
      assert.equal((await emitAck(s, 'join', { room: meeting.meetingId }, 10000)).ok, true);
      sockets.push(s);
    }
    const victim = sockets[2].id;
    const heard = [0, 1].map((i) =>
      nextEvent(sockets[i], 'user-left', { timeout: 15000, filter: (p) => p.socketId === victim }),
    );
    const t0 = Date.now();
    await cluster.servers[2].kill();
    const left = await Promise.all(heard);
    assert.ok(Date.now() - t0 < 15000);
    for (const l of left) assert.equal(l.userId, people[2].user.id);
    // Its stay in the attendance ends (the survivor that removed it stored left_at).
    await untilLeftAt(cluster.servers[0], meeting.meetingId, host.token, people[2].user.id, {
      what: "left_at of the killed process's participant",
    });
    // The survivors' lists agree: a new joiner sees exactly the two.
    const late = await cluster.open(1, (await guest(cluster.servers[1], 'late')).token);
    const ack = await emitAck(late, 'join', { room: meeting.meetingId }, 10000);
    assert.deepEqual(
      ack.participants.map((p) => p.socketId),
      [sockets[0].id, sockets[1].id, late.id],
    );
  });
});

describe('cluster without Redis', { skip }, () => {
  const cluster = useCluster(2);

  it('Redis lost mid-meeting: joins answer unavailable, relays inside one process go on', async () => {
    const host = await guest(cluster.servers[0], 'host');
    const meeting = await createMeeting(cluster.servers[0], host.token);
    const people = [
      host,
      await guest(cluster.servers[0], 'a'),
      await guest(cluster.servers[1], 'b'),
    ];
    const sockets = [];
    for (const [i, p] of people.entries()) {
      const s = await cluster.open(i === 2 ? 1 : 0, p.token);
      assert.equal((await emitAck(s, 'join', { room: meeting.meetingId }, 10000)).ok, true);
      sockets.push(s);
    }
    await cluster.redis.kill();
    const late = await cluster.open(0, (await guest(cluster.servers[0], 'late')).token);
    const refused = await emitAck(late, 'join', { room: meeting.meetingId }, 10000);
    assert.equal(refused.error?.code, 'unavailable');
    // Same process: delivered as before.
    const offer = nextEvent(sockets[1], 'offer', { timeout: 10000 });
    const ok = await emitAck(sockets[0], 'offer', {
      offer: { type: 'offer', sdp: 'v=0' },
      targetSocket: sockets[1].id,
    });
    assert.deepEqual(ok, { ok: true });
    assert.equal((await offer).fromSocket, sockets[0].id);
    // Another process: not silently dropped, the ack says so.
    const lost = await emitAck(sockets[0], 'offer', {
      offer: { type: 'offer', sdp: 'v=0' },
      targetSocket: sockets[2].id,
    });
    assert.equal(lost.error?.code, 'unavailable');
    const chat = await emitAck(sockets[0], 'chat-message', { text: 'anyone?' }, 10000);
    assert.equal(chat.error?.code, 'unavailable');
  });
});

describe(
  'cluster configuration',
  { skip: serverBin ? false : 'PARLEY_SERVER_BIN is not set' },
  () => {
    const run = (args) =>
      spawnSync(serverBin, ['--port', '0', ...args], { encoding: 'utf8', timeout: 20000 });

    it('--redis with SQLite is a configuration error in one line', () => {
      const r = run([
        '--store',
        'sqlite:/tmp/parley-cluster-x.db',
        '--redis',
        'redis://127.0.0.1:6379',
      ]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /--redis needs --store postgresql/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });

    it('an unreachable Redis ends the start with one line', async () => {
      const port = await freePort();
      const r = run([
        '--store',
        'postgresql://u:p@127.0.0.1:1/db',
        '--redis',
        `redis://127.0.0.1:${port}`,
      ]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /--redis: cannot reach Redis at 127\.0\.0\.1:\d+/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });
  },
);
