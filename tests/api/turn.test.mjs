// TURN credentials are not an open relay (docs/api.md "GET /api/ice-servers", docs/deploy.md
// "Not an open relay"): 1 h by default, a bounded number of fresh grants per user per hour,
// then the newest credential again (same expiry) and never a 429. The secret may come from
// the environment, so it never shows in `ps`.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { client } from '../lib/rest.mjs';
import { startServer } from '../lib/servers.mjs';

const SECRET = 'turn-secret-from-the-environment';

describe('TURN credential bounds', () => {
  let server, call;
  before(async () => {
    server = await startServer({
      env: { PARLEY_TURN_SECRET: SECRET },
      extraArgs: [
        '--turn-urls',
        'turn:127.0.0.1:3478?transport=udp,turn:127.0.0.1:3478?transport=tcp',
        '--turn-grants',
        '3',
      ],
    });
    call = client(server);
  });
  after(async () => {
    await server?.stop();
  });

  const guest = async (name) => {
    const r = await call('POST', '/api/guests', { body: { displayName: name } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const turnEntry = async (token) => {
    const r = await call('GET', '/api/ice-servers', { token });
    assert.equal(r.status, 200, r.text);
    return r.json.iceServers.find((s) => s.urls.some((u) => u.startsWith('turn:')));
  };

  test('the secret from the environment is used and is not on the command line', async () => {
    const g = await guest('Env');
    const turn = await turnEntry(g.token);
    assert.equal(
      turn.credential,
      createHmac('sha1', SECRET).update(turn.username).digest('base64'),
    );
    const cmdline = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8');
    assert.ok(!cmdline.includes(SECRET));
  });

  test('credentials live one hour by default', async () => {
    const g = await guest('Ttl');
    const turn = await turnEntry(g.token);
    const ttl = Number(turn.username.split(':')[0]) - Math.floor(Date.now() / 1000);
    assert.ok(ttl > 3590 && ttl <= 3601, `ttl ${ttl}`);
  });

  test('over the grant bound: the newest credential again, never a 429', async () => {
    const g = await guest('Greedy');
    const fresh = [];
    for (let i = 0; i < 3; i++) fresh.push((await turnEntry(g.token)).username);
    for (let i = 0; i < 5; i++) {
      const again = await turnEntry(g.token);
      assert.equal(again.username, fresh[2], 'no fresh credential over the bound');
      assert.equal(
        again.credential,
        createHmac('sha1', SECRET).update(again.username).digest('base64'),
      );
    }
    // Another user has their own allowance.
    const other = await guest('Other');
    const theirs = await turnEntry(other.token);
    assert.ok(theirs.username.endsWith(`:${other.user.id}`));
  });
});

describe('TURN flags', () => {
  for (const [flags, pattern] of [
    [['--turn-grants', '-1'], /--turn-grants/],
    [['--turn-ttl', '10'], /--turn-ttl/],
  ]) {
    test(`${flags.join(' ')} is refused with one line`, async () => {
      await assert.rejects(startServer({ extraArgs: flags }), pattern);
    });
  }
});
