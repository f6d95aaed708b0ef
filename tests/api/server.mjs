// Spawns parley-server (PARLEY_SERVER_BIN) on a free loopback port with a given store, waits
// until /healthz answers, and kills it by PID at the end. Used by every API suite.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseUrl, tlsArgs } from '../lib/tls.mjs';

export const BIN = process.env.PARLEY_SERVER_BIN;
export const PG_URL = process.env.PARLEY_TEST_PG_URL;

const sqlite = { name: 'sqlite', store: () => ({ url: `sqlite:${tempDir()}/db/parley.db` }) };
const postgres = (url) => ({ name: 'postgresql', store: () => ({ url }) });

/**
 * The stores to run against: SQLite (a fresh file per server) always, plus PostgreSQL when
 * PARLEY_TEST_PG_URL is set. PARLEY_TEST_STORE narrows it to one: `sqlite` (or any
 * `sqlite:...`) or a `postgresql://` URL.
 */
export function backends() {
  const only = process.env.PARLEY_TEST_STORE;
  if (only?.startsWith('sqlite')) return [sqlite];
  if (only?.startsWith('postgres')) return [postgres(only)];
  return PG_URL ? [sqlite, postgres(PG_URL)] : [sqlite];
}

const dirs = [];
export function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'parley-api-'));
  dirs.push(d);
  return d;
}
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts a server; `extra` are more flags. Resolves once GET /healthz is 200. */
export async function startServer(storeUrl, extra = []) {
  if (!BIN) throw new Error('set PARLEY_SERVER_BIN to the parley-server binary');
  const port = await freePort();
  const args = ['--host', '127.0.0.1', '--port', String(port), '--store', storeUrl];
  args.push(...tlsArgs(), ...extra);
  const proc = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-8000);
  });
  const base = baseUrl(port);
  const exited = new Promise((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 15000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`parley-server exited early: ${stderr}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`parley-server did not become healthy: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    port,
    proc,
    stderr: () => stderr,
    /** SIGTERM, then SIGKILL after 5 s; resolves with the exit status. */
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        const r = await exited;
        clearTimeout(t);
        return r;
      }
      return exited;
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      return exited;
    },
  };
}

/** A small fetch wrapper: returns {status, headers, json, text}. */
export function client(base) {
  return async function call(method, path, { body, token, raw, headers = {} } = {}) {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let payload;
    if (raw !== undefined) payload = raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !h['content-type']) h['content-type'] = 'application/json';
    const r = await fetch(base + path, { method, headers: h, body: payload });
    const text = await r.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: r.status, headers: r.headers, json, text };
  };
}

/** Unique names per run, so a shared PostgreSQL database can be reused. */
export function uniq(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}
