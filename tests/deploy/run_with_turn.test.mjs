// `bash scripts/run.sh --with-turn` (docs/deploy.md "The quick way"): coturn, Janus and
// parley-server started together, TURN on UDP and TCP 3478, one generated secret shared
// through the environment (never on a command line), Janus's api_secret on no command line
// either, all stopped together. Needs a private network namespace for port 3478
// (scripts/test.sh runs this suite under `unshare --net`).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { request } from './lib/https.mjs';
import { freePort, repoRoot } from './lib/nginx.mjs';

function privateNetwork() {
  if (!process.env.PARLEY_SERVER_BIN) return 'PARLEY_SERVER_BIN is not set';
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).trim().split('\n');
  return links.length === 1 ? null : 'needs a private network namespace (unshare --net)';
}

const listening = (proto) =>
  execFileSync('ss', [`-ln${proto}`], { encoding: 'utf8' }).includes(':3478 ');

function commandLines() {
  const out = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      /* gone */
    }
  }
  return out;
}

describe('scripts/run.sh --with-turn', { skip: privateNetwork() ?? false }, () => {
  test('starts coturn beside parley-server with a shared secret that ps never shows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-run-'));
    const port = await freePort();
    const run = spawn(
      'bash',
      [
        'scripts/run.sh',
        '--with-turn',
        '--turn-host',
        '127.0.0.1',
        '--port',
        String(port),
        '--store',
        `sqlite:${dir}/parley.db`,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    run.stderr.on('data', (d) => (log = (log + d).slice(-20000)));
    const exited = new Promise((r) => run.once('exit', (code, signal) => r({ code, signal })));
    const base = `http://127.0.0.1:${port}`;
    try {
      for (const deadline = Date.now() + 600000; ;) {
        assert.equal(run.exitCode, null, `run.sh exited: ${log}`);
        const r = await request(base, 'GET', '/healthz').catch(() => null);
        if (r?.status === 200) break;
        assert.ok(Date.now() < deadline, `parley-server did not come up: ${log}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      // coturn starts beside parley-server: give it time to open its listeners.
      for (const deadline = Date.now() + 30000; !(listening('u') && listening('t'));) {
        assert.ok(Date.now() < deadline, `coturn does not listen on UDP and TCP 3478: ${log}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const secret = readFileSync(join(repoRoot, 'data/turn/secret'), 'utf8').trim();
      assert.match(secret, /^[0-9a-f]{64}$/);
      const g = await request(base, 'POST', '/api/guests', { body: { displayName: 'Run' } });
      const ice = await request(base, 'GET', '/api/ice-servers', { token: g.json.token });
      const turn = ice.json.iceServers.find((s) => s.username);
      assert.deepEqual(turn.urls, [
        'turn:127.0.0.1:3478?transport=udp',
        'turn:127.0.0.1:3478?transport=tcp',
      ]);
      assert.equal(
        turn.credential,
        createHmac('sha1', secret).update(turn.username).digest('base64'),
      );
      for (const line of commandLines()) assert.ok(!line.includes(secret), `secret in ps: ${line}`);
      // run.sh starts Janus too (docs/deploy.md "The SFU (Janus)"): parley-server gets a session,
      // and Janus's api_secret (in its rendered config) is on no command line either.
      for (const deadline = Date.now() + 30000; ;) {
        const m = await request(base, 'GET', '/metrics');
        if (/^parley_sfu_up 1$/m.test(m.text)) break;
        assert.ok(Date.now() < deadline, `parley_sfu_up is not 1: ${m.text}\n${log}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const conf = readFileSync(join(repoRoot, 'data/janus/conf/janus.jcfg'), 'utf8');
      const janusSecret = /api_secret = "([0-9a-f]+)"/.exec(conf)[1];
      for (const line of commandLines())
        assert.ok(!line.includes(janusSecret), `Janus secret in ps: ${line}`);
    } finally {
      run.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(!listening('u') && !listening('t'), 'coturn stopped with run.sh');
    assert.ok(
      !existsSync(join(repoRoot, 'data/janus')),
      'Janus stopped (and its folder gone) with run.sh',
    );
  });
});
