// The servers under test (docs/testing.md, "Launcher"): parley-server (PARLEY_SERVER_BIN) and
// the Socket.IO conformance fixture (PARLEY_SIO_FIXTURE), each on a free loopback port, ready
// once it answers; stores are fresh SQLite files or the database PARLEY_TEST_STORE names.
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { accepts, freePort, launch } from './process.mjs';
import { baseUrl, testTls, tlsArgs } from './tls.mjs';

const repoRoot = resolve(import.meta.dirname, '../..');
export const serverBin = process.env.PARLEY_SERVER_BIN;
export const fixtureBin = process.env.PARLEY_SIO_FIXTURE;

/** Pass as `{ skip }` to describe(): false when a built parley-server is given. */
export const serverSkip = serverBin
  ? false
  : 'PARLEY_SERVER_BIN is not set (path to a built parley-server)';

/**
 * Whether the server is an AddressSanitizer build: its quarantine holds freed memory, so RSS
 * says nothing about leaks there (LeakSanitizer at exit does, and stop() fails on its report).
 */
export const sanitized = Boolean(serverBin) && readFileSync(serverBin).includes('AddressSanitizer');

const dirs = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh temporary folder, removed when the test file ends. */
export function tempDir(prefix = 'parley-test-') {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/**
 * How the server's log names a meeting (docs/signaling.md, "Observability"): the first 12 hex digits of
 * the SHA-256 of its id, never the id itself (the id of a passwordless meeting admits anyone).
 */
export const meetingLogName = (meetingId) =>
  createHash('sha256').update(meetingId).digest('hex').slice(0, 12);

/** The built web client the server serves (PARLEY_WEB_ROOT, else web/dist). */
export const webRoot = () => process.env.PARLEY_WEB_ROOT ?? join(repoRoot, 'web/dist');

const sqlite = { name: 'sqlite', store: () => `sqlite:${tempDir('parley-db-')}/parley.db` };
const postgres = (url) => ({ name: 'postgresql', store: () => url });

/**
 * The stores a suite runs against, each `{name, store()}` where store() gives a store URL:
 * SQLite (a fresh file per call) always, plus PostgreSQL when PARLEY_TEST_PG_URL is set.
 * PARLEY_TEST_STORE narrows it to one: `sqlite` (or any `sqlite:...`) or a `postgresql://` URL
 * (shared by every server of a run: tests make their own users and meetings).
 */
export function backends() {
  const only = process.env.PARLEY_TEST_STORE;
  if (only?.startsWith('sqlite')) return [sqlite];
  if (only?.startsWith('postgres')) return [postgres(only)];
  const pg = process.env.PARLEY_TEST_PG_URL;
  return pg ? [sqlite, postgres(pg)] : [sqlite];
}

/** The default store: the first of backends() (PARLEY_TEST_STORE, else a fresh SQLite file). */
export const freshStore = () => backends()[0].store();

/**
 * GET base/healthz answers 200 (over HTTPS: any certificate, or the given `ca`). The probe's
 * connection is not kept: a test that counts the server's connections starts from none.
 */
async function healthy(base, ca) {
  const get = base.startsWith('https:') ? https.get : http.get;
  const tls = base.startsWith('https:') ? { ca, rejectUnauthorized: Boolean(ca) } : {};
  return new Promise((done) => {
    const req = get(
      `${base}/healthz`,
      { ...tls, agent: false, headers: { connection: 'close' } },
      (res) => {
        res.resume();
        done(res.statusCode === 200);
      },
    );
    req.once('error', () => done(false));
  });
}

/**
 * Starts parley-server and resolves once GET /healthz is 200. Options:
 *   extraArgs   more flags, after the ones below
 *   env         more environment variables
 *   store       a store URL (default: freshStore()); pass the same one to restart on it
 *   port        a fixed port (default: a free one); pass the old one to restart on it
 *   webRoot     serve this built client (--web-root)
 *   https       the server serves HTTPS (extraArgs carry --tls-cert/--tls-key); `ca` is the
 *               certificate readiness checks against (default: any)
 * PARLEY_SERVER_THREADS=N adds `--threads N` (N=1 is the single-thread path, no strands).
 * In a TLS pass of scripts/test.sh (tests/lib/tls.mjs) every server serves HTTPS with the
 * test certificate and `url` is https.
 * Resolves `{url, port, pid, store, logs, exited, stop(), kill(), restart()}` (see launch()).
 */
export async function startServer({
  extraArgs = [],
  env = {},
  store = freshStore(),
  port,
  webRoot,
  https: secure = false,
  ca,
} = {}) {
  if (!serverBin) throw new Error(serverSkip);
  port ??= await freePort();
  const threads = process.env.PARLEY_SERVER_THREADS;
  const passTls = testTls && !secure;
  const args = [
    ...['--host', '127.0.0.1', '--port', String(port), '--store', store],
    ...(threads ? ['--threads', threads] : []),
    ...(webRoot ? ['--web-root', webRoot] : []),
    ...(passTls ? tlsArgs() : []),
    ...extraArgs,
  ];
  const url = `${secure || passTls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const proc = await launch({
    command: serverBin,
    args,
    env,
    name: `parley-server on ${url}`,
    ready: () => healthy(url, ca),
  });
  const options = { extraArgs, env, store, port, webRoot, https: secure, ca };
  /** Starts it again, same port, store and flags (after stop() or kill()). */
  const restart = () => startServer(options);
  return { ...proc, url, port, store, restart };
}

/**
 * Gives the enclosing describe() (or file) its own parley-server: before() starts it with
 * startServer(options); after() runs the `onStop` callbacks (closing clients), then stops it,
 * failing on a bad exit. Returns a handle that reads through to the running server (`url`,
 * `port`, `pid`, `logs`, `store`), so it can be passed wherever a server is.
 */
export function useServer(options = {}) {
  return useStarted(() => startServer(options), ['url', 'port', 'pid', 'logs', 'store']);
}

/**
 * useServer()'s lifecycle for whatever `start()` resolves (a server, or the cluster pass's
 * cluster): started in before(), stopped in after() once the `onStop` callbacks ran; the
 * handle's `fields` read through to it, inside tests and hooks only.
 */
export function useStarted(start, fields) {
  let current = null;
  const cleanups = [];
  before(async () => {
    current = await start();
  });
  after(async () => {
    for (const f of cleanups.splice(0)) await f();
    await current?.stop();
  });
  const handle = { onStop: (f) => cleanups.push(f) };
  for (const name of fields) {
    const get = () => {
      if (!current) throw new Error('the server runs only inside tests and hooks');
      return current[name];
    };
    Object.defineProperty(handle, name, { get, enumerable: true });
  }
  return handle;
}

/** Pass as `{ skip }` to describe(): false when the Socket.IO fixture is given. */
export const fixtureSkip = fixtureBin
  ? false
  : 'PARLEY_SIO_FIXTURE is not set (path to a built parley-sio-fixture)';

/** Like fixtureSkip, but an already running server at the URL in env var `urlVar` will do. */
export const fixtureOrUrlSkip = (urlVar) =>
  fixtureBin || process.env[urlVar]
    ? false
    : `set PARLEY_SIO_FIXTURE or ${urlVar} (a running fixture)`;

/**
 * A fixture for one suite: a fresh startFixture(options) when PARLEY_SIO_FIXTURE is set, else
 * the running one at the URL in env var `urlVar` (its stop() does nothing).
 */
export async function fixtureOrUrl(urlVar, options = {}) {
  if (fixtureBin) return startFixture(options);
  const url = process.env[urlVar].replace(/\/$/, '');
  return { url, port: Number(new URL(url).port), logs: [], stop: async () => ({ code: 0 }) };
}

/**
 * Starts parley-sio-fixture (docs/protocol.md) and resolves once it accepts connections.
 * Options: extraArgs, env, port (default: a free one; the old one to restart on it).
 * Resolves `{url, port, pid, logs, exited, stop(), kill()}`.
 */
export async function startFixture({ extraArgs = [], env = {}, port } = {}) {
  if (!fixtureBin) throw new Error(fixtureSkip);
  port ??= await freePort();
  const proc = await launch({
    command: fixtureBin,
    args: ['--port', String(port), ...tlsArgs(), ...extraArgs],
    env,
    name: `parley-sio-fixture on ${port}`,
    ready: () => accepts(port),
  });
  return { ...proc, url: baseUrl(port), port };
}
