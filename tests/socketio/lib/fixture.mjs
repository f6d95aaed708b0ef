// Finds the server under test for the Socket.IO suites:
//   PARLEY_SIO_FIXTURE=/path/to/parley-sio-fixture  -> each suite spawns its own on a free port
//   PARLEY_SIO_URL=http://127.0.0.1:3000            -> an already running fixture (no restarts)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { baseUrl, tlsArgs } from '../../lib/tls.mjs';

export const skipReason =
  process.env.PARLEY_SIO_FIXTURE || process.env.PARLEY_SIO_URL
    ? false
    : 'set PARLEY_SIO_FIXTURE (path to parley-sio-fixture) or PARLEY_SIO_URL to run the Socket.IO suites';

/** True when suites may start, stop and restart the fixture themselves. */
export const canSpawn = Boolean(process.env.PARLEY_SIO_FIXTURE);

const children = new Set();
process.on('exit', () => {
  for (const child of children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/** Starts parley-sio-fixture (port 0: a free one) and resolves once it listens. */
export async function spawnFixture({ port = 0, args = [] } = {}) {
  const child = spawn(
    process.env.PARLEY_SIO_FIXTURE,
    ['--port', String(port), ...tlsArgs(), ...args],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  children.add(child);
  const log = [];
  let buffered = '';
  let sanitizerReport = false;
  const listening = new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      // always drained, so the fixture never blocks on stderr
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(line)) sanitizerReport = true;
        log.push(line);
        if (log.length > 400) log.splice(0, 200);
        try {
          const entry = JSON.parse(line);
          if (entry.event === 'listening') resolve(entry.port);
        } catch {
          /* not JSON */
        }
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`fixture exited (${code}) before listening:\n${log.join('\n')}`)),
    );
    setTimeout(() => reject(new Error('fixture did not listen within 10 s')), 10_000).unref();
  });
  const actualPort = await listening;
  return {
    port: actualPort,
    url: baseUrl(actualPort),
    log,
    /** SIGTERM, then checks the fixture exited cleanly (0: no crash, no sanitizer report). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, 'SIGTERM');
        const timer = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 5000);
        await once(child, 'exit');
        clearTimeout(timer);
      }
      children.delete(child);
      if (child.exitCode !== 0 || sanitizerReport) {
        throw new Error(
          `fixture ended badly (exit ${child.exitCode ?? child.signalCode}):\n${log.slice(-40).join('\n')}`,
        );
      }
    },
  };
}

/** The fixture for one suite: spawned when possible, else the external URL. */
export async function useFixture(options = {}) {
  if (canSpawn) return spawnFixture(options);
  return { url: process.env.PARLEY_SIO_URL.replace(/\/$/, ''), log: [], async stop() {} };
}

/** Resolves with the first emission of `event` on `emitter`, rejects after `ms`. */
export function waitFor(emitter, event, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${event}"`)), ms);
    emitter.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args.length <= 1 ? args[0] : args);
    });
  });
}
