// Parley behind the nginx site shipped in deploy/ (docs/deploy.md "Behind an existing proxy"):
// TLS at nginx, WebSocket upgrades passed on, client addresses from X-Forwarded-For of the
// trusted proxy only (--trust-proxy), sticky sessions for polling across two processes.
// Each client is a distinct loopback source address (127.0.0.N), as distinct people would be.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { io } from 'socket.io-client';

import { startServer } from '../lib/servers.mjs';
import { request } from './lib/https.mjs';
import { makeCert, startNginx } from './lib/nginx.mjs';

const skip = process.env.PARLEY_SERVER_BIN ? false : 'PARLEY_SERVER_BIN is not set';

describe('parley-server behind nginx', { skip }, () => {
  let dir, tls, parley, second, nginx;
  const viaNginx = (method, path, opts = {}) =>
    request(nginx.httpsUrl, method, path, { ca: tls.pem, ...opts });
  const login = (from, login, password, headers) =>
    viaNginx('POST', '/api/sessions', { from, body: { login, password }, headers });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-deploy-'));
    tls = makeCert(dir);
    // nginx connects from 127.0.0.2 (proxy_bind in the site): only that address is trusted.
    const flags = ['--trust-proxy', '127.0.0.2'];
    parley = await startServer({ store: `sqlite:${dir}/a.db`, extraArgs: flags });
    second = await startServer({ store: `sqlite:${dir}/b.db`, extraArgs: flags });
    nginx = await startNginx({
      backends: [parley.port],
      cert: tls.cert,
      key: tls.key,
      ca: tls.pem,
    });
  });
  after(async () => {
    await nginx?.stop();
    await parley?.stop();
    await second?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('21 failed logins from 21 forwarded addresses lock none of the others', async () => {
    const alice = await viaNginx('POST', '/api/users', {
      from: '127.0.0.50',
      body: { username: 'alice', email: 'alice@example.test', password: 'correct horse battery' },
    });
    assert.equal(alice.status, 201, alice.text);
    for (let i = 1; i <= 21; i++) {
      const r = await login(`127.0.0.${100 + i}`, `nobody${i}`, 'wrong password');
      assert.equal(r.status, 401, `attempt ${i} from 127.0.0.${100 + i}: ${r.text}`);
    }
    for (const from of ['127.0.0.101', '127.0.0.121', '127.0.0.150']) {
      const ok = await login(from, 'alice', 'correct horse battery');
      assert.equal(ok.status, 200, `alice from ${from}: ${ok.text}`);
    }
  });

  test('one forwarded client over the limit is refused; forging through nginx does not help', async () => {
    const from = '127.0.0.60';
    for (let i = 1; i <= 20; i++) {
      const r = await login(from, `ghost${i}`, 'wrong password');
      assert.equal(r.status, 401, `attempt ${i}: ${r.text}`);
    }
    const blocked = await login(from, 'alice', 'correct horse battery');
    assert.equal(blocked.status, 429, blocked.text);
    assert.ok(Number(blocked.headers['retry-after']) >= 1);
    // nginx appends the real address, so a made-up X-Forwarded-For is skipped.
    const forged = await login(from, 'alice', 'correct horse battery', {
      'x-forwarded-for': '198.51.100.9',
    });
    assert.equal(forged.status, 429, forged.text);
    const neighbour = await login('127.0.0.61', 'alice', 'correct horse battery');
    assert.equal(neighbour.status, 200, neighbour.text);
  });

  test('a forged X-Forwarded-For sent straight to Parley changes nothing', async () => {
    // Straight from 127.0.0.1, which is not a trusted proxy: every attempt counts on it.
    for (let i = 1; i <= 20; i++) {
      const r = await request(parley.url, 'POST', '/api/sessions', {
        body: { login: `direct${i}`, password: 'wrong password' },
        headers: { 'x-forwarded-for': `198.51.100.${i}`, 'x-forwarded-proto': 'https' },
      });
      assert.equal(r.status, 401, `attempt ${i}: ${r.text}`);
    }
    const r = await request(parley.url, 'POST', '/api/sessions', {
      body: { login: 'alice', password: 'correct horse battery' },
      headers: { 'x-forwarded-for': '198.51.100.200' },
    });
    assert.equal(r.status, 429, r.text);
    // The forwarded clients through nginx are unaffected.
    const viaProxy = await login('127.0.0.70', 'alice', 'correct horse battery');
    assert.equal(viaProxy.status, 200, viaProxy.text);
  });

  test('plain HTTP on the proxy redirects to HTTPS', async () => {
    const r = await request(nginx.httpUrl, 'GET', '/m/abc');
    assert.equal(r.status, 301);
    assert.match(r.headers.location, /^https:\/\/.*\/m\/abc$/);
  });

  for (const [name, transports] of [
    ['WebSocket only', ['websocket']],
    ['polling, then upgrade', ['polling', 'websocket']],
  ]) {
    test(`a socket.io-client connects through nginx over wss (${name})`, async () => {
      const g = await viaNginx('POST', '/api/guests', { body: { displayName: 'Wes' } });
      assert.equal(g.status, 201, g.text);
      const m = await viaNginx('POST', '/api/meetings', { token: g.json.token, body: {} });
      assert.equal(m.status, 201, m.text);
      const socket = io(nginx.httpsUrl, {
        auth: { token: g.json.token },
        transports,
        ca: tls.pem,
        forceNew: true,
        reconnection: false,
        timeout: 10000,
      });
      try {
        await new Promise((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        if (transports.length > 1 && socket.io.engine.transport.name !== 'websocket')
          await new Promise((resolve) => socket.io.engine.once('upgrade', resolve));
        assert.equal(socket.io.engine.transport.name, 'websocket');
        const ack = await socket
          .timeout(10000)
          .emitWithAck('join', { room: m.json.meeting.meetingId, userId: g.json.user.id });
        assert.equal(ack.ok, true, JSON.stringify(ack));
      } finally {
        socket.close();
      }
    });
  }
});

describe('nginx sticky sessions across two processes', { skip }, () => {
  let dir, tls, a, b, nginx;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-deploy-'));
    tls = makeCert(dir);
    a = await startServer({
      store: `sqlite:${dir}/a.db`,
      extraArgs: ['--trust-proxy', '127.0.0.2'],
    });
    b = await startServer({
      store: `sqlite:${dir}/b.db`,
      extraArgs: ['--trust-proxy', '127.0.0.2'],
    });
    nginx = await startNginx({
      backends: [a.port, b.port],
      cert: tls.cert,
      key: tls.key,
      ca: tls.pem,
    });
  });
  after(async () => {
    await nginx?.stop();
    await a?.stop();
    await b?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every polling request of a session reaches the process that holds it', async () => {
    // Round-robin would send about half of these to the other process: 400 unknown session.
    for (let c = 0; c < 8; c++) {
      const from = `127.0.0.${30 + c}`;
      const get = (path) => request(nginx.httpsUrl, 'GET', path, { from, ca: tls.pem });
      const open = await get('/socket.io/?EIO=4&transport=polling');
      assert.equal(open.status, 200, open.text);
      const sid = JSON.parse(open.text.slice(1)).sid;
      for (let i = 0; i < 3; i++) {
        const r = await request(
          nginx.httpsUrl,
          'POST',
          `/socket.io/?EIO=4&transport=polling&sid=${sid}`,
          {
            from,
            ca: tls.pem,
            headers: { 'content-type': 'text/plain;charset=UTF-8' },
            raw: '6', // an Engine.IO noop
          },
        );
        assert.equal(r.status, 200, `client ${from} POST ${i}: ${r.text}`);
      }
    }
  });
});
