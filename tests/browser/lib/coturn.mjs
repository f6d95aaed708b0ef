// coturn (Debian `coturn`) started from the shipped template deploy/turnserver.conf.in,
// rendered by scripts/turn-config.sh exactly as a deployment renders it, in the foreground
// with every path under a temp dir. Stopped by PID.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

const repoRoot = resolve(import.meta.dirname, '../../..');

/**
 * `listen`: addresses; `allowPeers`: exceptions to the denied private ranges (the relay's own
 * addresses, so relay-to-relay works). Resolves `{secret, port, stop()}` once coturn listens.
 */
export async function startCoturn({ listen, relayIp, allowPeers = [], port = 3478 }) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-coturn-'));
  const secret = randomBytes(24).toString('hex');
  writeFileSync(join(dir, 'secret'), secret, { mode: 0o600 });
  const args = [
    '--realm',
    'parley.test',
    '--secret-file',
    join(dir, 'secret'),
    '--port',
    String(port),
  ];
  for (const a of listen) args.push('--listen', a);
  if (relayIp) args.push('--relay-ip', relayIp);
  for (const a of allowPeers) args.push('--allow-peer', a);
  args.push('--min-port', '49160', '--max-port', '49200', '--run-dir', dir);
  const conf = execFileSync('bash', [join(repoRoot, 'scripts/turn-config.sh'), ...args], {
    encoding: 'utf8',
  });
  writeFileSync(join(dir, 'turnserver.conf'), conf, { mode: 0o600 });
  const proc = spawn('turnserver', ['-c', join(dir, 'turnserver.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const onData = (d) => (log = (log + d).slice(-20000));
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const exited = new Promise((r) => proc.once('exit', r));
  const deadline = Date.now() + 15000;
  while (!/Total General servers|IPv4\. (UDP|TCP) listener opened on/.test(log)) {
    if (proc.exitCode !== null) throw new Error(`turnserver exited:\n${log}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`turnserver did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    secret,
    port,
    log: () => log,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
