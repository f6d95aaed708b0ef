// The signaling suite's helpers: the shared launcher, REST and socket.io-client wrappers of
// tests/lib (re-exported, so a test imports from one place) and what only signaling needs.
// With PARLEY_TEST_CLUSTER=N (the cluster pass, docs/testing.md "Cluster pass") every
// server of the suite is N processes on Redis and PostgreSQL, its sockets spread over them.
// Not a test file itself (no `.test.` in the name).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clusterStoreSkip, startCluster } from '../lib/cluster.mjs';
import { metrics as metricsOf } from '../lib/rest.mjs';
import { closeAll, connect as connectTo, emitAck, nextEvent } from '../lib/sio.mjs';
import {
  serverSkip,
  startServer as startBareServer,
  useServer as useBareServer,
  useStarted,
} from '../lib/servers.mjs';

export { orAfter, sleep } from '../lib/process.mjs';
export { meetingLogName, sanitized } from '../lib/servers.mjs';
export * from '../lib/rest.mjs';
export * from '../lib/sio.mjs';

/** The cluster pass's number of processes (PARLEY_TEST_CLUSTER), 0 outside it. */
export const clusterSize = Number(process.env.PARLEY_TEST_CLUSTER ?? 0) || 0;

/** Pass as `{ skip }` to describe(): the suite needs a built server (and in the cluster
 * pass PostgreSQL). */
export const skip = serverSkip || (clusterSize ? clusterStoreSkip : false);

/**
 * Pass as `{ skip }` to a test that reads what only one process can tell: false outside the
 * cluster pass, else `why` (docs/cluster.md "The signaling suite across processes" lists
 * each).
 */
export const clusterSkip = (why) => (clusterSize ? `cluster pass: ${why}` : false);

/**
 * Pass as `{ todo }` to a test that fails in the cluster pass for a known difference of the
 * cluster's (listed in docs/cluster.md "The signaling suite across processes"): false outside
 * the cluster pass; in it the test still runs and reports, but counts as skipped
 * (docs/testing.md "Counting"), so the difference stays in sight without failing the run.
 */
export const clusterTodo = (why) => (clusterSize ? `cluster pass: ${why}` : false);

/**
 * Every process's log lines in one list, by their `ts` (a line without one, e.g. a sanitizer
 * report, keeps the place of the line before it in its own process's log).
 */
function mergedLogs(servers) {
  const keyed = servers.flatMap((s) => {
    let ts = '';
    return s.logs.map((line) => ({ line, ts: (ts = line.ts ?? ts) }));
  });
  keyed.sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : 0));
  return keyed.map((k) => k.line);
}

/**
 * A started cluster as one server: `url` names the next process at each read (REST calls
 * rotate), socketUrl() the next one for a socket (a counter of its own, so sockets go
 * round-robin whatever REST calls come between); `logs` every process's lines merged;
 * `pids` every process; metrics() below sums them. `pid` and `port` are not there: they
 * would name one process of several.
 */
function asOneServer(cluster) {
  const { servers } = cluster;
  let rest = 0;
  let sockets = 0;
  return {
    servers,
    redis: cluster.redis,
    get url() {
      return servers[rest++ % servers.length].url;
    },
    socketUrl: () => servers[sockets++ % servers.length].url,
    get pids() {
      return servers.map((s) => s.pid);
    },
    get logs() {
      return mergedLogs(servers);
    },
    store: servers[0].store,
    stop: () => cluster.stop(),
    restart: async () => asOneServer(await cluster.restart()),
  };
}

/**
 * startServer() of tests/lib, or in the cluster pass a cluster of clusterSize processes
 * given the same options, as one server (asOneServer()). Resolves a handle with `stop()` and
 * `restart()` (same ports and store) either way.
 */
export async function startServer(options = {}) {
  if (!clusterSize) return startBareServer(options);
  return asOneServer(await startCluster(clusterSize, options));
}

/**
 * connect() of tests/lib, except that a cluster (asOneServer()) gives each socket the next
 * process.
 */
export const connect = (target, token, opts) =>
  connectTo(target.socketUrl?.() ?? target, token, opts);

/** metrics() of tests/lib; for a cluster, each sample summed over its processes. */
export async function metrics(target) {
  if (!target.servers) return metricsOf(target);
  const sum = {};
  for (const m of await Promise.all(target.servers.map(metricsOf)))
    for (const [k, v] of Object.entries(m)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}

/** Asserts that `ack` is the error ack `{error: {code, message}}` with this code. */
export function assertError(ack, code) {
  assert.equal(ack.ok, undefined, `expected error ${code}, got ${JSON.stringify(ack)}`);
  assert.equal(ack.error?.code, code, `expected ${code}, got ${JSON.stringify(ack)}`);
  assert.equal(typeof ack.error.message, 'string');
  assert.ok(ack.error.message.length > 0);
}

/**
 * The describe()'s server (useServer() of tests/lib) plus `open(token, opts)`: a connected
 * socket.io-client, closed before the server stops. In the cluster pass, a cluster started in
 * before() and stopped in after() (startServer() above), read through the same way: every
 * socket opened goes to the next process, so a meeting's participants sit on different ones.
 * `pids` lists the server's processes (one outside the cluster pass).
 */
export function useServer(options) {
  const server = clusterSize ? useCluster(options) : useBareServer(options);
  if (!clusterSize)
    Object.defineProperty(server, 'pids', { get: () => [server.pid], enumerable: true });
  const sockets = [];
  server.onStop(() => closeAll(sockets));
  server.open = async (token, opts) => {
    const s = await connect(server, token, opts);
    sockets.push(s);
    return s;
  };
  return server;
}

/** useServer() in the cluster pass: the handle reads through to asOneServer()'s. */
function useCluster(options) {
  const fields = ['url', 'socketUrl', 'servers', 'pids', 'logs', 'store'];
  return useStarted(() => startServer(options), fields);
}

/**
 * Joins `room` and resolves `{ack, existing}`: the ack and the `existing-participants` list
 * (which the server sends before the ack). Rejects if the ack is an error.
 */
export async function join(socket, room, extra = {}) {
  const existingP = nextEvent(socket, 'existing-participants');
  const ack = await emitAck(socket, 'join', { room, ...extra });
  if (!ack.ok) {
    existingP.catch(() => {});
    throw new Error(`join refused: ${JSON.stringify(ack)}`);
  }
  return { ack, existing: await existingP };
}

/**
 * The positive marker for "nothing (more) arrived" in a room (docs/testing.md): `from`, a
 * member, lowers its hand; raise-hand goes to everyone in the room, sender included, so once
 * each of `members` heard it, whatever the server sent them before has arrived too.
 */
export async function roomMarker(from, members = [from]) {
  const heard = members.map((s) =>
    nextEvent(s, 'raise-hand', { filter: (p) => p.socketId === from.id }),
  );
  const ack = await emitAck(from, 'raise-hand', { raised: false });
  if (!ack.ok) throw new Error(`marker refused: ${JSON.stringify(ack)}`);
  await Promise.all(heard);
}

/** The server process's resident set size in KiB, from /proc. */
export function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]);
}

/** The resident set sizes of all of a server's processes (`pids`), summed, in KiB. */
export const serverRssKiB = (server) => server.pids.reduce((sum, pid) => sum + rssKiB(pid), 0);

/** A fake but well-formed SDP blob of roughly `bytes` bytes. */
export function fakeSdp(type, bytes = 3000) {
  let sdp = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
  while (sdp.length < bytes) sdp += 'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n';
  return { type, sdp };
}

export function fakeCandidate(n = 1) {
  return {
    candidate: `candidate:${n} 1 udp 2122260223 127.0.0.1 ${50000 + n} typ host`,
    sdpMid: '0',
    sdpMLineIndex: 0,
  };
}
