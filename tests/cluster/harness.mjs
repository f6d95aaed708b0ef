// The cluster suite's helpers (docs/cluster.md, docs/testing.md): a throw-away redis-server on
// a free loopback port and N parley-server processes sharing it and one PostgreSQL database
// (PARLEY_TEST_PG_URL, from scripts/postgres.sh). Not a test file itself.
import { after, before } from 'node:test';
import { closeAll, connect } from '../lib/sio.mjs';
import { accepts, freePort, launch } from '../lib/process.mjs';
import { serverSkip, startServer } from '../lib/servers.mjs';

export * from '../lib/rest.mjs';
export * from '../lib/sio.mjs';
export { sleep } from '../lib/process.mjs';

const pg = process.env.PARLEY_TEST_PG_URL;
/** Pass as `{ skip }` to describe(): the cluster needs a built server and PostgreSQL. */
export const skip =
  serverSkip ||
  (pg ? false : 'PARLEY_TEST_PG_URL is not set (eval "$(scripts/postgres.sh start)")');

/** redis-server in the foreground on a free port, no persistence. */
export async function startRedis(port) {
  port ??= await freePort();
  const proc = await launch({
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    name: `redis-server on ${port}`,
    ready: () => accepts(port),
  });
  return { ...proc, port, url: `redis://127.0.0.1:${port}` };
}

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
  });
  cluster.open = async (i, token) => {
    const s = await connect(cluster.servers[i % n], token);
    cluster.sockets.push(s);
    return s;
  };
  return cluster;
}

/** The socket ids of a participant list, sorted (lists compare as sets and in order). */
export const ids = (list) => list.map((p) => p.socketId);
