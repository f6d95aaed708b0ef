// --trust-proxy's bad input (docs/deploy.md "Client addresses"): one clear line naming the
// bad item and a non-zero exit before anything is bound.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';

import { freePort } from './lib/nginx.mjs';

const bin = process.env.PARLEY_SERVER_BIN;

describe('--trust-proxy bad input', { skip: bin ? false : 'PARLEY_SERVER_BIN is not set' }, () => {
  for (const [value, named] of [
    ['10.0.0.1/8', '10.0.0.1/8'],
    ['127.0.0.1,example.org', 'example.org'],
    ['127.0.0.1,,::1', 'empty'],
    ['10.0.0.0/33', '10.0.0.0/33'],
    ['', 'empty'],
  ]) {
    test(`'${value}' is refused by flag and by environment`, async () => {
      const port = await freePort();
      const common = ['--host', '127.0.0.1', '--port', String(port), '--store', 'sqlite::memory:'];
      for (const [args, env] of [
        [[...common, '--trust-proxy', value], {}],
        [common, { PARLEY_TRUST_PROXY: value }],
      ]) {
        if (!value && Object.keys(env).length) continue; // an empty variable means "unset"
        const r = spawnSync(bin, args, {
          encoding: 'utf8',
          env: { ...process.env, ...env },
          timeout: 10000,
        });
        assert.notEqual(r.status, 0, `exit status for ${JSON.stringify(args)}`);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], /trust.proxy/i);
        assert.ok(lines[0].includes(named), lines[0]);
      }
    });
  }
});
