// The cluster suite's helpers (docs/cluster.md, docs/testing.md): a throw-away redis-server on
// a free loopback port and N parley-server processes sharing it and one PostgreSQL database
// (PARLEY_TEST_PG_URL, from scripts/postgres.sh). Not a test file itself.
import { rmSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/rest.mjs';
import { closeAll, connect, emitAck, nextEvent, until } from '../lib/sio.mjs';
import { redisCommand, startRedis } from '../lib/redis.mjs';
import { serverSkip, startServer } from '../lib/servers.mjs';

export * from '../lib/rest.mjs';
export * from '../lib/sio.mjs';
export { sleep } from '../lib/process.mjs';
export { redisCommand, startRedis } from '../lib/redis.mjs';

const pg = process.env.PARLEY_TEST_PG_URL;
/** Pass as `{ skip }` to describe(): the cluster needs a built server and PostgreSQL. */
export const skip =
  serverSkip ||
  (pg ? false : 'PARLEY_TEST_PG_URL is not set (eval "$(scripts/postgres.sh start)")');

/**
 * The describe()'s cluster: before() starts Redis and `n` servers on it; after() closes the
 * clients, stops the servers that still run, then Redis. `cluster.servers[i]` is a started
 * server (url, pid, logs, kill()); `cluster.open(i, token)` a socket.io-client on server i.
 */
export function useCluster(n = 3, { extraArgs = [] } = {}) {
  const cluster = { servers: [], redis: null, sockets: [] };
  before(async () => {
    cluster.redis = await startRedis();
    const args = ['--redis', cluster.redis.url, ...extraArgs];
    cluster.servers = await Promise.all(
      Array.from({ length: n }, () => startServer({ store: pg, extraArgs: args })),
    );
  });
  after(async () => {
    await closeAll(cluster.sockets);
    for (const s of cluster.servers) if (s.running()) await s.stop();
    await cluster.redis?.stop();
    if (cluster.redis) rmSync(cluster.redis.dir, { recursive: true, force: true });
  });
  /**
   * Kills redis-server (SIGKILL, by its PID) and starts it again on the same port once
   * `down()` resolved: empty, or with `keep` its data as of a SAVE just before the kill.
   */
  cluster.restartRedis = async ({ keep = false, down = async () => {} } = {}) => {
    const old = cluster.redis;
    if (keep) assert.equal(await redisCommand(old.port, 'SAVE'), '+OK');
    await old.kill();
    await down();
    if (!keep) rmSync(joinPath(old.dir, 'dump.rdb'), { force: true });
    cluster.redis = await startRedis(old.port, { dir: old.dir });
    return cluster.redis;
  };
  cluster.open = async (i, token) => {
    const s = await connect(cluster.servers[i % n], token);
    cluster.sockets.push(s);
    return s;
  };
  return cluster;
}

/** The socket ids of a participant list, sorted (lists compare as sets and in order). */
export const ids = (list) => list.map((p) => p.socketId);

/**
 * Waits until `userId`'s stay in the meeting has ended in its attendance (`left_at` stored,
 * as a sweep or a rebuild does for a member whose process is gone), read through `server`.
 */
export function untilLeftAt(server, meetingId, token, userId, { timeout = 10000, what } = {}) {
  return until(
    async () => {
      const r = await api(server, 'GET', `/api/meetings/${meetingId}/attendance`, { token });
      const row = r.json?.attendance?.find((a) => a.userId === userId);
      return row && row.leftAt !== null;
    },
    { timeout, what: what ?? `left_at of ${userId}` },
  );
}

/**
 * Joins `socket` to meeting `room` and resolves `{ack, existing}` (the existing-participants
 * list it was sent); throws on an error ack.
 */
export async function join(socket, room, timeout = 10000) {
  const existing = nextEvent(socket, 'existing-participants', { timeout });
  const ack = await emitAck(socket, 'join', { room }, timeout);
  if (!ack.ok) {
    existing.catch(() => {});
    throw new Error(`join refused: ${JSON.stringify(ack)}`);
  }
  return { ack, existing: await existing };
}
