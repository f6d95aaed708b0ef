// A cluster for the node suites (docs/cluster.md, docs/testing.md "Launcher"): a throw-away
// redis-server and N parley-server processes on it sharing one PostgreSQL database
// (PARLEY_TEST_PG_URL; with --redis an SQLite store is refused by design).
import { rmSync } from 'node:fs';
import { startRedis } from './redis.mjs';
import { startServer } from './servers.mjs';

/** The PostgreSQL database a cluster shares (from scripts/postgres.sh), or undefined. */
export const clusterStore = process.env.PARLEY_TEST_PG_URL;

/** False when a cluster can be started here, else why not (pass as `{ skip }`). */
export const clusterStoreSkip = clusterStore
  ? false
  : 'PARLEY_TEST_PG_URL is not set (eval "$(scripts/postgres.sh start)")';

/**
 * Starts redis-server and `n` parley-servers with `--redis` and `--store` the shared database,
 * each with startServer() `options` (their `extraArgs` after `--redis`); `ports` and
 * `redisPort` fix the ports (default: free ones). Resolves `{redis, servers, stop(),
 * restart()}`: stop() stops the servers, then Redis, and throws the first bad exit (as a
 * server's stop() does); restart() starts them all again on the same ports, Redis empty.
 */
export async function startCluster(
  n,
  { extraArgs = [], ...options } = {},
  { ports, redisPort } = {},
) {
  if (!clusterStore) throw new Error(clusterStoreSkip);
  const redis = await startRedis(redisPort);
  const servers = [];
  try {
    const args = ['--redis', redis.url, ...extraArgs];
    // At once: each migrates under an advisory lock (server/src/store/migrations.hpp).
    const started = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        startServer({ ...options, port: ports?.[i], store: clusterStore, extraArgs: args }),
      ),
    );
    for (const r of started) if (r.status === 'fulfilled') servers.push(r.value);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (e) {
    for (const s of servers) await s.kill();
    await redis.kill();
    rmSync(redis.dir, { recursive: true, force: true });
    throw e;
  }
  return {
    redis,
    servers,
    async stop() {
      const errors = [];
      for (const s of servers) await s.stop().catch((e) => errors.push(e));
      await redis.stop().catch((e) => errors.push(e));
      rmSync(redis.dir, { recursive: true, force: true });
      if (errors.length) throw errors[0];
    },
    restart: () =>
      startCluster(
        n,
        { extraArgs, ...options },
        { ports: servers.map((s) => s.port), redisPort: redis.port },
      ),
  };
}
