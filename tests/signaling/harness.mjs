// Shared helpers for the signaling end-to-end suite: a real parley-server process on a free
// loopback port with a fresh SQLite store, REST helpers, and promise wrappers around the real
// socket.io-client. Not a test file itself (no `.test.` in the name).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { io } from 'socket.io-client';

export const serverBin = process.env.PARLEY_SERVER_BIN;
/**
 * Whether the server is an AddressSanitizer build: its quarantine holds freed memory, so RSS
 * says nothing about leaks there (LeakSanitizer at exit does, and stop() fails on its report).
 */
export const sanitized = Boolean(serverBin) && readFileSync(serverBin).includes('AddressSanitizer');

/** Pass as `{ skip }` to describe(): the suite needs a built server. */
export const skip = serverBin
  ? false
  : 'PARLEY_SERVER_BIN is not set (path to a built parley-server)';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts parley-server and resolves once /healthz answers 200. `logs` collects every JSON log
 * line the server writes to stderr; `stop()` sends SIGTERM (then SIGKILL after 5 s) to this PID.
 * The store is a fresh SQLite file, or the PostgreSQL database PARLEY_TEST_STORE names (a
 * `postgresql://` URL, shared by the servers of a run: every test makes its own users and
 * meetings). `storeDir`: a folder the caller owns (kept on stop), so a second server started
 * with it opens the same SQLite store (a restart).
 */
export async function startServer(extraArgs = [], { storeDir } = {}) {
  const dir = storeDir ?? mkdtempSync(joinPath(tmpdir(), 'parley-sig-'));
  const port = await freePort();
  const only = process.env.PARLEY_TEST_STORE;
  const store = only?.startsWith('postgres') ? only : `sqlite:${joinPath(dir, 'db')}`;
  // PARLEY_SERVER_THREADS=1 runs the server's single-thread path (no strands), as benchmarks do.
  const threads = process.env.PARLEY_SERVER_THREADS
    ? ['--threads', process.env.PARLEY_SERVER_THREADS]
    : [];
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--store',
    store,
    ...threads,
    ...extraArgs,
  ];
  const child = spawn(serverBin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const logs = [];
  let pending = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    pending += chunk;
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ raw: line });
      }
    }
  });
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const server = {
    url,
    port,
    pid: child.pid,
    logs,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (!storeDir) rmSync(dir, { recursive: true, force: true });
      // A sanitizer build reports memory errors and leaks on stderr: they fail the suite.
      const reports = logs.filter((l) => l.raw && /Sanitizer|runtime error:/.test(l.raw));
      if (reports.length)
        throw new Error(`parley-server sanitizer report:\n${reports.map((l) => l.raw).join('\n')}`);
    },
  };
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) return server;
    } catch {
      /* not listening yet */
    }
    await sleep(50);
  }
  await server.stop();
  throw new Error(
    `parley-server did not become healthy on ${url}; stderr: ${JSON.stringify(logs.slice(-5))}`,
  );
}

/** One REST call; resolves `{status, body}` (body parsed when JSON). */
export async function api(server, method, path, { body, token } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(server.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: parsed };
}

async function expectStatus(promise, status) {
  const r = await promise;
  if (r.status !== status)
    throw new Error(`expected HTTP ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A fresh guest: `{user, token}`. */
export function guest(server, displayName = 'guest') {
  return expectStatus(api(server, 'POST', '/api/guests', { body: { displayName } }), 201);
}

/** A registered user with a unique username: `{user, token}`. */
let userSeq = 0;
export function registerUser(server, prefix = 'user') {
  const username = `${prefix}${process.pid}x${++userSeq}`;
  return expectStatus(
    api(server, 'POST', '/api/users', {
      body: { username, email: `${username}@example.test`, password: 'correct horse battery' },
    }),
    201,
  );
}

/** Creates a meeting hosted by `token`'s user; resolves the `meeting` object. */
export async function createMeeting(server, token, fields = {}) {
  const body = await expectStatus(
    api(server, 'POST', '/api/meetings', { body: fields, token }),
    201,
  );
  return body.meeting;
}

/**
 * Connects a real socket.io-client with `auth: {token}`. Resolves the connected socket; rejects
 * with the CONNECT_ERROR. WebSocket only by default (fast); pass `{transports: undefined}`
 * to use the client's default polling-then-upgrade.
 */
export function connect(server, token, opts = {}) {
  const socket = io(server.url, {
    auth: token === undefined ? undefined : { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 5000,
    ...opts,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits with an ack and resolves the reply (rejects after `ms` without one). */
export function emitAck(socket, event, payload, ms = 5000) {
  const t = socket.timeout(ms);
  return payload === undefined ? t.emitWithAck(event) : t.emitWithAck(event, payload);
}

/** Resolves the next `event` on `socket` whose payload passes `filter`. */
export function nextEvent(socket, event, { timeout = 5000, filter = () => true } = {}) {
  return new Promise((resolve, reject) => {
    const onEvent = (payload) => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      socket.off(event, onEvent);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`timed out waiting for '${event}' on ${socket.id}`));
    }, timeout);
    socket.on(event, onEvent);
  });
}

/** Records every `event` payload on `socket` into the returned array, from now on. */
export function record(socket, event) {
  const seen = [];
  socket.on(event, (payload) => seen.push(payload));
  return seen;
}

/** Resolves when the socket disconnects; the value is the reason. */
export function disconnected(socket, timeout = 5000) {
  return new Promise((resolve, reject) => {
    if (!socket.connected) return resolve('already');
    const timer = setTimeout(() => reject(new Error(`${socket.id} still connected`)), timeout);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
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

/** Waits until `predicate()` is true, polling every 20 ms. */
export async function until(predicate, { timeout = 5000, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await predicate()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Parses /metrics into `{ 'name{labels}': value }` (labels as the server prints them). */
export async function metrics(server) {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const sp = line.lastIndexOf(' ');
    out[line.slice(0, sp)] = Number(line.slice(sp + 1));
  }
  return out;
}

/** Sum of every sample of metric `name` (any labels); 0 when absent. */
export function metricSum(m, name) {
  let sum = 0;
  for (const [k, v] of Object.entries(m)) if (k === name || k.startsWith(`${name}{`)) sum += v;
  return sum;
}

/** The server process's resident set size in KiB, from /proc. */
export function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]);
}

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

/** Closes every socket given and waits for each to report the disconnect. */
export async function closeAll(sockets) {
  await Promise.all(
    sockets
      .filter((s) => s.connected)
      .map((s) => {
        const d = new Promise((r) => s.once('disconnect', r));
        s.disconnect();
        return d;
      }),
  );
}

export { sleep };
