// Child processes for the node suites (docs/testing.md, "Launcher"): a free loopback port, a
// process started with its stderr captured line by line, readiness polled with a probe, and a
// stop() that fails the suite on a crash or a sanitizer report. Every process still running
// when the test file ends is killed by PID.
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `promise`'s value, or `fallback` once `ms` passed, whichever comes first. The timer is
 * cleared either way: a pending one would keep the test file's process alive until it fires.
 */
export async function orAfter(promise, ms, fallback) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((r) => (timer = setTimeout(r, ms, fallback)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A port nothing listens on right now (the kernel picks it). */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on host:port. */
export function accepts(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const c = connect(port, host, () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

const SANITIZER = /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/;

/**
 * Starts `command args` and resolves once `ready()` is true (polled every 50 ms, up to
 * `timeout` ms). Resolves `{pid, logs, exited, stop(), kill()}`: `logs` holds every stderr
 * line (JSON lines parsed, others as `{raw}`); `exited` resolves `{code, signal}`.
 * `stop()` sends SIGTERM (SIGKILL after `stopTimeout` ms), waits, and throws when the process
 * crashed, exited non-zero or wrote a sanitizer report; it resolves the exit status.
 * `kill()` sends SIGKILL on purpose (a crash test) and resolves the exit status.
 */
export async function launch({
  command,
  args = [],
  env = {},
  name = command,
  ready = async () => true,
  timeout = 20000,
  stopTimeout = 5000,
}) {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
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
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  let killed = false;
  const tail = (n = 40) => logs.slice(-n).map((l) => l.raw ?? JSON.stringify(l));
  const proc = {
    pid: child.pid,
    logs,
    exited,
    tail,
    running: () => child.exitCode === null && child.signalCode === null,
    async kill() {
      killed = true;
      if (proc.running()) child.kill('SIGKILL');
      return exited;
    },
    async stop() {
      const wasRunning = proc.running();
      if (wasRunning) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeout);
        await exited;
        clearTimeout(timer);
      }
      const status = await exited;
      const reports = logs.filter((l) => l.raw && SANITIZER.test(l.raw));
      if (reports.length)
        throw new Error(`${name} sanitizer report:\n${reports.map((l) => l.raw).join('\n')}`);
      if (!killed && (status.code !== 0 || !wasRunning))
        throw new Error(
          `${name} ended badly (${wasRunning ? 'on SIGTERM' : 'before stop()'}: ` +
            `exit ${status.code ?? status.signal}):\n${tail().join('\n')}`,
        );
      return status;
    },
  };
  const deadline = Date.now() + timeout;
  for (;;) {
    if (!proc.running()) {
      await exited;
      throw new Error(`${name} exited while starting:\n${tail().join('\n')}`);
    }
    if (await ready().catch(() => false)) return proc;
    if (Date.now() > deadline) {
      await proc.kill();
      throw new Error(`${name} was not ready within ${timeout} ms:\n${tail().join('\n')}`);
    }
    await sleep(50);
  }
}
