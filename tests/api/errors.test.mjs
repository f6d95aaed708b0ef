// Every rejection over real HTTP, table-driven: status, code, field, and the contract's error
// shape. Also SQL metacharacters in every string field (stored and returned verbatim, never
// interpreted) and malformed bodies. Against SQLite, and PostgreSQL when configured.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { client, uniq } from '../lib/rest.mjs';
import { backends, serverSkip as skip, useServer } from '../lib/servers.mjs';

const SQL = `'; DROP TABLE users; -- " \\ %_ \u0000`.replace('\u0000', '');

function assertErrorShape(r, label) {
  assert.ok(r.json && typeof r.json === 'object', `${label}: body is JSON: ${r.text}`);
  assert.deepEqual(Object.keys(r.json), ['error'], label);
  const e = r.json.error;
  assert.match(e.code, /^[a-z_]+$/, label);
  assert.equal(typeof e.message, 'string', label);
  assert.ok(e.message.length > 0, label);
  for (const k of Object.keys(e))
    assert.ok(['code', 'message', 'field'].includes(k), `${label}: ${k}`);
  assert.equal(r.headers.get('content-type'), 'application/json', label);
}

for (const backend of backends()) {
  describe(`REST errors (${backend.name})`, { skip }, () => {
    const server = useServer({ store: backend.store() });
    const call = client(server);
    let alice, bob, revoked, active, ended;
    const aliceName = uniq('alice');

    before(async () => {
      const reg = async (name) =>
        (
          await call('POST', '/api/users', {
            body: { username: name, email: `${name}@example.org`, password: 'password-1' },
          })
        ).json;
      alice = await reg(aliceName);
      bob = await reg(uniq('bob'));
      revoked = (await reg(uniq('rev'))).token;
      assert.equal((await call('DELETE', '/api/sessions', { token: revoked })).status, 204);
      active = (
        await call('POST', '/api/meetings', { token: alice.token, body: { password: 'pass' } })
      ).json.meeting.meetingId;
      ended = (await call('POST', '/api/meetings', { token: alice.token })).json.meeting.meetingId;
      assert.equal(
        (await call('POST', `/api/meetings/${ended}/end`, { token: alice.token })).status,
        200,
      );
    });

    // [name, method, path, options, status, code, field]
    const cases = () => [
      ['unparsable body', 'POST', '/api/users', { raw: '{"username":' }, 400, 'invalid_json'],
      ['array body', 'POST', '/api/users', { raw: '[]' }, 400, 'invalid_json'],
      ['number body', 'POST', '/api/sessions', { raw: '42' }, 400, 'invalid_json'],
      ['null body', 'POST', '/api/guests', { raw: 'null' }, 400, 'invalid_json'],
      ['empty body', 'POST', '/api/users', { raw: '' }, 400, 'invalid_json'],
      [
        'trailing garbage',
        'POST',
        '/api/guests',
        { raw: '{"displayName":"a"} x' },
        400,
        'invalid_json',
      ],
      [
        'invalid utf-8 json',
        'POST',
        '/api/guests',
        { raw: Buffer.from([0x7b, 0x22, 0x64, 0xff, 0x22, 0x3a, 0x31, 0x7d]) },
        400,
        'invalid_json',
      ],
      [
        'missing username',
        'POST',
        '/api/users',
        { body: { email: 'a@b.c', password: 'password-1' } },
        400,
        'invalid_field',
        'username',
      ],
      [
        'short username',
        'POST',
        '/api/users',
        { body: { username: 'ab', email: 'a@b.c', password: 'password-1' } },
        400,
        'invalid_field',
        'username',
      ],
      [
        'username with SQL',
        'POST',
        '/api/users',
        { body: { username: SQL, email: 'a@b.c', password: 'password-1' } },
        400,
        'invalid_field',
        'username',
      ],
      [
        'bad email',
        'POST',
        '/api/users',
        { body: { username: uniq('c'), email: 'not-an-email', password: 'password-1' } },
        400,
        'invalid_field',
        'email',
      ],
      [
        'email as number',
        'POST',
        '/api/users',
        { body: { username: uniq('c'), email: 7, password: 'password-1' } },
        400,
        'invalid_field',
        'email',
      ],
      [
        'short password',
        'POST',
        '/api/users',
        { body: { username: uniq('c'), email: `${uniq('c')}@b.c`, password: '1234567' } },
        400,
        'invalid_field',
        'password',
      ],
      [
        'long password',
        'POST',
        '/api/users',
        { body: { username: uniq('c'), email: `${uniq('c')}@b.c`, password: 'p'.repeat(1025) } },
        400,
        'invalid_field',
        'password',
      ],
      [
        'username taken (other case)',
        'POST',
        '/api/users',
        {
          body: {
            username: aliceName.toUpperCase(),
            email: `${uniq('c')}@b.c`,
            password: 'password-1',
          },
        },
        409,
        'username_taken',
      ],
      [
        'email taken (other case)',
        'POST',
        '/api/users',
        {
          body: {
            username: uniq('c'),
            email: `${aliceName.toUpperCase()}@EXAMPLE.org`,
            password: 'password-1',
          },
        },
        409,
        'email_taken',
      ],
      [
        'wrong password',
        'POST',
        '/api/sessions',
        { body: { login: aliceName, password: 'wrong-password' } },
        401,
        'invalid_credentials',
      ],
      [
        'unknown login',
        'POST',
        '/api/sessions',
        { body: { login: `' OR '1'='1`, password: 'password-1' } },
        401,
        'invalid_credentials',
      ],
      [
        'login missing',
        'POST',
        '/api/sessions',
        { body: { password: 'x' } },
        400,
        'invalid_field',
        'login',
      ],
      [
        'blank display name',
        'POST',
        '/api/guests',
        { body: { displayName: ' \t ' } },
        400,
        'invalid_field',
        'displayName',
      ],
      [
        'empty display name',
        'POST',
        '/api/guests',
        { body: { displayName: '' } },
        400,
        'invalid_field',
        'displayName',
      ],
      [
        'long display name',
        'POST',
        '/api/guests',
        { body: { displayName: 'x'.repeat(65) } },
        400,
        'invalid_field',
        'displayName',
      ],
      ['no token', 'GET', '/api/me', {}, 401, 'unauthorized'],
      ['garbage token', 'GET', '/api/me', { token: 'garbage' }, 401, 'unauthorized'],
      ['revoked token', 'GET', '/api/me', { token: revoked }, 401, 'unauthorized'],
      [
        'basic auth',
        'GET',
        '/api/me',
        { headers: { authorization: 'Basic YTpi' } },
        401,
        'unauthorized',
      ],
      [
        'empty bearer',
        'GET',
        '/api/meetings',
        { headers: { authorization: 'Bearer ' } },
        401,
        'unauthorized',
      ],
      ['ice-servers needs a token', 'GET', '/api/ice-servers', {}, 401, 'unauthorized'],
      ['sign out without token', 'DELETE', '/api/sessions', {}, 401, 'unauthorized'],
      ['create meeting without token', 'POST', '/api/meetings', { body: {} }, 401, 'unauthorized'],
      [
        'blank title',
        'POST',
        '/api/meetings',
        { token: alice.token, body: { title: '   ' } },
        400,
        'invalid_field',
        'title',
      ],
      [
        'title as object',
        'POST',
        '/api/meetings',
        { token: alice.token, body: { title: { a: 1 } } },
        400,
        'invalid_field',
        'title',
      ],
      [
        'meeting bad json',
        'POST',
        '/api/meetings',
        { token: alice.token, raw: '{,}' },
        400,
        'invalid_json',
      ],
      [
        'unknown meeting',
        'GET',
        '/api/meetings/zzzz-zzzz-zzzz',
        { token: bob.token },
        404,
        'not_found',
      ],
      [
        'malformed meeting id',
        'GET',
        '/api/meetings/ABCD-EFGH-IJKL',
        { token: bob.token },
        404,
        'not_found',
      ],
      [
        'SQL meeting id',
        'GET',
        `/api/meetings/${encodeURIComponent("x' OR '1'='1")}`,
        { token: bob.token },
        404,
        'not_found',
      ],
      [
        'join unknown',
        'POST',
        '/api/meetings/zzzz-zzzz-zzzz/join',
        { token: bob.token },
        404,
        'not_found',
      ],
      [
        'join without password',
        'POST',
        `/api/meetings/${active}/join`,
        { token: bob.token },
        403,
        'wrong_password',
      ],
      [
        'join wrong password',
        'POST',
        `/api/meetings/${active}/join`,
        { token: bob.token, body: { password: 'nope' } },
        403,
        'wrong_password',
      ],
      [
        'join ended meeting',
        'POST',
        `/api/meetings/${ended}/join`,
        { token: bob.token },
        410,
        'meeting_ended',
      ],
      [
        'end by non-host',
        'POST',
        `/api/meetings/${active}/end`,
        { token: bob.token },
        403,
        'not_host',
      ],
      [
        'end ended meeting',
        'POST',
        `/api/meetings/${ended}/end`,
        { token: alice.token },
        410,
        'meeting_ended',
      ],
      [
        'messages by non-participant',
        'GET',
        `/api/meetings/${active}/messages`,
        { token: bob.token },
        403,
        'forbidden',
      ],
      ['unknown api path', 'GET', '/api/nothing-here', {}, 404, 'not_found'],
    ];

    test('each rejection: status, code, field, shape', async () => {
      for (const [name, method, path, opts, status, code, field] of cases()) {
        const r = await call(method, path, opts);
        assert.equal(r.status, status, `${name}: ${r.text}`);
        assertErrorShape(r, name);
        assert.equal(r.json.error.code, code, name);
        assert.equal(r.json.error.field, field, name);
        if (status === 401 && code === 'unauthorized')
          assert.equal(r.headers.get('www-authenticate'), 'Bearer', name);
      }
    });

    test('bodies over 64 KiB get 413 payload_too_large; 64 KiB is accepted', async () => {
      const over = JSON.stringify({ displayName: 'x'.repeat(64 * 1024) });
      const r = await call('POST', '/api/guests', { raw: over });
      assert.equal(r.status, 413);
      assertErrorShape(r, '413');
      assert.equal(r.json.error.code, 'payload_too_large');
      const exact = '{"displayName":"ok"}' + ' '.repeat(64 * 1024 - 20);
      assert.equal(Buffer.byteLength(exact), 64 * 1024);
      const ok = await call('POST', '/api/guests', { raw: exact });
      assert.equal(ok.status, 201, ok.text);
      assert.equal((await call('GET', '/healthz')).status, 200, 'server still healthy');
    });

    test('SQL metacharacters in every string field are data', async () => {
      const name = uniq('sql');
      const email = `o'brien.${name}@example.org`;
      const password = `${SQL} pw`;
      const reg = await call('POST', '/api/users', { body: { username: name, email, password } });
      assert.equal(reg.status, 201, reg.text);
      assert.equal(reg.json.user.email, email);
      const login = await call('POST', '/api/sessions', { body: { login: email, password } });
      assert.equal(login.status, 200, login.text);
      const token = login.json.token;

      const guest = await call('POST', '/api/guests', { body: { displayName: SQL } });
      assert.equal(guest.status, 201, guest.text);
      assert.equal(guest.json.user.username, SQL);

      const m = await call('POST', '/api/meetings', { token, body: { title: SQL, password: SQL } });
      assert.equal(m.status, 201, m.text);
      assert.equal(m.json.meeting.title, SQL);
      const id = m.json.meeting.meetingId;
      const j = await call('POST', `/api/meetings/${id}/join`, {
        token: guest.json.token,
        body: { password: SQL },
      });
      assert.equal(j.status, 200, j.text);
      const wrong = await call('POST', `/api/meetings/${id}/join`, {
        token: guest.json.token,
        body: { password: `' OR '1'='1` },
      });
      assert.equal(wrong.status, 403);

      // Everything else is still there.
      const me = await call('GET', '/api/me', { token: alice.token });
      assert.equal(me.status, 200);
      assert.equal(
        (await call('GET', `/api/meetings/${active}`, { token: bob.token })).status,
        200,
      );
    });

    test('unknown fields are ignored', async () => {
      const r = await call('POST', '/api/guests', {
        body: { displayName: 'Ann', admin: true, id: 'u-forged', guest: false },
      });
      assert.equal(r.status, 201);
      assert.notEqual(r.json.user.id, 'u-forged');
      assert.equal(r.json.user.guest, true);
    });
  });
}
