// The contract's failed-login limit over real HTTP: 5 failures per login, 20 per client
// address, within 15 minutes, then 429 rate_limited with Retry-After. Each case gets its own
// server, since the address count (all requests come from 127.0.0.1) outlives a test.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { client, registerUser, uniq } from '../lib/rest.mjs';
import { backends, serverSkip as skip, startServer } from '../lib/servers.mjs';

const backend = backends()[0]; // the limiter lives in the process, not the store

/** Runs fn(call, name): `name` is a fresh user whose password is 'right-password'. */
async function withServer(fn) {
  const server = await startServer({ store: backend.store() });
  try {
    const { username } = await registerUser(server, { prefix: 'rl', password: 'right-password' });
    await fn(client(server), username);
  } finally {
    await server.stop();
  }
}

describe('failed-login rate limit', { skip }, () => {
  test('five failures for one login, then 429 even with the right password', async () => {
    await withServer(async (call, name) => {
      for (let i = 0; i < 5; i++) {
        const r = await call('POST', '/api/sessions', {
          body: { login: name, password: 'wrong-password' },
        });
        assert.equal(r.status, 401, `attempt ${i + 1}`);
      }
      const r = await call('POST', '/api/sessions', {
        body: { login: name.toUpperCase(), password: 'right-password' },
      });
      assert.equal(r.status, 429, r.text);
      assert.equal(r.json.error.code, 'rate_limited');
      const retry = Number(r.headers.get('retry-after'));
      assert.ok(retry > 850 && retry <= 900, `Retry-After ${retry}`);
      // Another login from the same address is not affected by this login's count.
      const other = await call('POST', '/api/sessions', {
        body: { login: uniq('nobody'), password: 'x-password' },
      });
      assert.equal(other.status, 401);
    });
  });

  test('twenty failures from one address across logins, then 429; a success does not reset it', async () => {
    await withServer(async (call, name) => {
      for (let i = 0; i < 20; i++) {
        const r = await call('POST', '/api/sessions', {
          body: { login: uniq(`who${i}`), password: 'wrong-password' },
        });
        assert.equal(r.status, 401, `attempt ${i + 1}`);
        if (i === 10) {
          const good = await call('POST', '/api/sessions', {
            body: { login: name, password: 'right-password' },
          });
          assert.equal(good.status, 200, 'a success in between');
        }
      }
      const r = await call('POST', '/api/sessions', {
        body: { login: name, password: 'right-password' },
      });
      assert.equal(r.status, 429, r.text);
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      // Registration and guests are not rate-limited.
      assert.equal(
        (await call('POST', '/api/guests', { body: { displayName: 'still fine' } })).status,
        201,
      );
    });
  });
});
