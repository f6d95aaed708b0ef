// Where the Engine.IO suite finds a raw Engine.IO echo server (pingInterval 300 ms,
// pingTimeout 200 ms, maxPayload 1000000, path /engine.io/), first match wins:
//   PARLEY_EIO_URL       an already running server, e.g. http://127.0.0.1:3000
//   PARLEY_SIO_FIXTURE   the parley-sio-fixture binary: started here with --port <free port>
//   PARLEY_EIO_TEST_BIN  the test_engineio gtest binary: its EchoServer test serves on demand
// With none of them set the suite is skipped with a message saying so.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { baseUrl, tlsArgs } from '../../lib/tls.mjs';

export const PING_INTERVAL = 300;
export const PING_TIMEOUT = 200;

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

async function waitForPort(port, child, ms = 10000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      const c = connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

function portFromStdout(child, ms = 10000) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('echo server did not report its port')), ms);
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const m = /PARLEY_EIO_PORT=(\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`echo server exited with ${code}`));
    });
  });
}

/// { url, stop() } or { skip: "reason" }.
export async function startServer() {
  const env = process.env;
  if (env.PARLEY_EIO_URL)
    return { url: env.PARLEY_EIO_URL.replace(/\/$/, ''), stop: async () => {} };
  let child, port;
  if (env.PARLEY_SIO_FIXTURE) {
    port = await freePort();
    child = spawn(env.PARLEY_SIO_FIXTURE, ['--port', String(port), ...tlsArgs()], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForPort(port, child);
  } else if (env.PARLEY_EIO_TEST_BIN) {
    child = spawn(env.PARLEY_EIO_TEST_BIN, ['--gtest_filter=EchoServer.ServeForNodeTests'], {
      env: { ...env, PARLEY_EIO_SERVE: '120' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    port = await portFromStdout(child);
  } else {
    return {
      skip: 'set PARLEY_EIO_URL, PARLEY_SIO_FIXTURE or PARLEY_EIO_TEST_BIN to run the Engine.IO suite',
    };
  }
  // Resolves with the exit code. The gtest server ends cleanly when its stdin closes, so its
  // sanitizers (leak check included) report through the exit code.
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      const timer = setTimeout(() => child.kill('SIGTERM'), child.stdin ? 5000 : 0);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(code ?? signal);
      });
      if (child.stdin) child.stdin.end();
    });
  return { url: baseUrl(port), stop };
}

/// Resolves with the first `event` emitted by `emitter` (its arguments as an array).
export function once(emitter, event, ms = 3000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${ms} ms`)), ms);
    emitter.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}
