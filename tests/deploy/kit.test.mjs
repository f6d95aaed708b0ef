// The deploy kit (deploy/, docs/deploy.md): every file in it is checked by a real tool here
// or used by another test (the nginx site by nginx.test.mjs, the coturn template by the
// browser TURN test, tests/browser/turn.test.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { repoRoot } from './lib/nginx.mjs';

const deployDir = join(repoRoot, 'deploy');
const units = ['parley-server.service', 'parley-turn.service'];
const dirs = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'parley-kit-'));
  dirs.push(d);
  return d;
}

/**
 * `systemd-analyze verify` in a scratch root that holds systemd's own units, the units under
 * test and stand-ins for the programs they run (verify checks that ExecStart= exists).
 * Resolves {status, output}: a clean unit gives status 0 and no output at all.
 */
function verifyUnits(files, names = Object.keys(files)) {
  const root = tempDir();
  mkdirSync(join(root, 'lib/systemd'), { recursive: true });
  cpSync('/lib/systemd/system', join(root, 'lib/systemd/system'), { recursive: true });
  for (const bin of ['usr/local/bin/parley-server', 'usr/bin/turnserver', 'bin/kill']) {
    mkdirSync(join(root, bin, '..'), { recursive: true });
    copyFileSync('/bin/true', join(root, bin));
  }
  const unitDir = join(root, 'etc/systemd/system');
  mkdirSync(unitDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(unitDir, name), text);
  const r = spawnSync('systemd-analyze', ['verify', `--root=${root}`, ...names], {
    encoding: 'utf8',
  });
  return { status: r.status, output: (r.stdout + r.stderr).trim() };
}

describe('deploy kit', () => {
  test('every file in deploy/ is covered by a test', () => {
    const covered = {
      'nginx-parley.conf': 'tests/deploy/nginx.test.mjs',
      'turnserver.conf.in': 'tests/browser/turn.test.mjs',
      'parley-server.service': 'systemd-analyze verify (here)',
      'parley-turn.service': 'systemd-analyze verify (here)',
      'parley-server@.service': 'systemd-analyze verify of an instance (here)',
      Caddyfile: 'caddy validate (here)',
      'parley.env': 'read by the unit check (here)',
      'firewall.nft': 'nft --check (here)',
      janus: 'rendered by scripts/janus.sh for tests/sfu and run.sh (run_with_turn.test.mjs)',
    };
    for (const f of readdirSync(deployDir))
      assert.ok(covered[f], `deploy/${f} has no test: add one and list it here`);
  });

  test('the systemd units pass systemd-analyze verify', () => {
    const files = Object.fromEntries(
      units.map((u) => [u, readFileSync(join(deployDir, u), 'utf8')]),
    );
    const r = verifyUnits(files);
    assert.equal(r.output, '');
    assert.equal(r.status, 0);
  });

  test('the cluster template passes systemd-analyze verify as an instance', () => {
    const text = readFileSync(join(deployDir, 'parley-server@.service'), 'utf8');
    const r = verifyUnits({ 'parley-server@.service': text }, ['parley-server@8081.service']);
    assert.equal(r.output, '');
    assert.equal(r.status, 0);
  });

  test('the unit check catches a broken unit', () => {
    const text = readFileSync(join(deployDir, units[0]), 'utf8').replace(
      'ExecStart=',
      'ExecStrat=',
    );
    const r = verifyUnits({ 'broken.service': text });
    assert.notEqual(r.output, '', 'a misspelt key must be reported');
  });

  test("parley.env sets only the server's own flags", () => {
    const help = spawnSync(process.env.PARLEY_SERVER_BIN, ['--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    const text = help.stdout + help.stderr;
    const env = readFileSync(join(deployDir, 'parley.env'), 'utf8');
    for (const line of env.split('\n')) {
      const m = /^PARLEY_([A-Z_]+)=/.exec(line);
      if (!m) continue;
      const flag = `--${m[1].toLowerCase().replaceAll('_', '-')}`;
      assert.ok(text.includes(flag), `parley.env sets ${m[0]} but the server has no ${flag}`);
    }
  });

  test('the Caddyfile passes caddy validate', () => {
    const home = tempDir();
    const r = spawnSync(
      'caddy',
      ['validate', '--config', join(deployDir, 'Caddyfile'), '--adapter', 'caddyfile'],
      {
        encoding: 'utf8',
        env: { ...process.env, HOME: home, XDG_DATA_HOME: home, XDG_CONFIG_HOME: home },
      },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /Valid configuration/);
  });

  test('the firewall rules pass nft --check', () => {
    const r = spawnSync(
      'unshare',
      ['--net', 'nft', '--check', '-f', join(deployDir, 'firewall.nft')],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
