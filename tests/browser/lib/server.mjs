// Starts parley-server for a browser suite: its own port, its own SQLite file, the built web
// client; restartable on the same port and store (for the server-restart test).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** Why the suite can't run here, or null when it can. */
export function skipReason() {
  if (!process.env.PARLEY_SERVER_BIN)
    return 'PARLEY_SERVER_BIN is not set (path to a built parley-server)';
  return null;
}

export function webRoot() {
  return process.env.PARLEY_WEB_ROOT ?? join(repoRoot, 'web/dist');
}

async function freePort() {
  const probe = createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address();
  await new Promise((r) => probe.close(r));
  return port;
}

export class ParleyServer {
  /** `host` to listen on (default 127.0.0.1), more `args`, more `env` for the process. */
  constructor({ host = '127.0.0.1', args = [], env = {} } = {}) {
    this.host = host;
    this.extraArgs = args;
    this.env = env;
    this.dir = mkdtempSync(join(tmpdir(), 'parley-browser-'));
    this.port = 0;
    this.child = null;
    this.log = [];
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    if (!this.port) this.port = await freePort();
    const args = [
      '--port',
      String(this.port),
      '--host',
      this.host,
      '--web-root',
      webRoot(),
      '--store',
      `sqlite:${join(this.dir, 'db')}`,
      ...this.extraArgs,
    ];
    const child = spawn(process.env.PARLEY_SERVER_BIN, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...this.env },
    });
    this.child = child;
    child.stderr.on('data', (chunk) => {
      this.log.push(chunk.toString());
      if (this.log.length > 2000) this.log.splice(0, 1000);
    });
    const exited = new Promise((r) => child.once('exit', (code) => r(code)));
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      const done = await Promise.race([exited, sleep(100).then(() => 'running')]);
      if (done !== 'running')
        throw new Error(`parley-server exited with ${done}:\n${this.log.join('')}`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return this;
      } catch {
        // not listening yet
      }
    }
    throw new Error(`parley-server did not become healthy:\n${this.log.join('')}`);
  }

  /** SIGTERM and wait for exit (the contract promises within 5 s; SIGKILL after 8). */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }

  async dispose() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
