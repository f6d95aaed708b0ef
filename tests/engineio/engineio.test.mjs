// Engine.IO v4 end-to-end with the official engine.io-client 6 against Parley's raw Engine.IO
// echo server (see lib/echo.mjs for how the server is found).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Socket } from 'engine.io-client';
import WebSocket from 'ws';
import { once, until } from '../lib/sio.mjs';
import { echoServer, skip, PING_INTERVAL, PING_TIMEOUT } from './lib/echo.mjs';

const server = await echoServer();
after(() => server?.stop());

const wsUrl = () => server.url.replace(/^http/, 'ws');

function open(transports, extra = {}) {
  const socket = new Socket(server.url, { path: '/engine.io/', transports, ...extra });
  return socket;
}

async function echo(socket, data) {
  const reply = once(socket, 'message');
  socket.send(data);
  const [got] = await reply;
  return got;
}

for (const [name, transports] of [
  ['websocket only', ['websocket']],
  ['polling only', ['polling']],
]) {
  test(`${name}: opens and echoes text and binary`, { skip }, async () => {
    const socket = open(transports);
    await once(socket, 'open');
    assert.equal(socket.transport.name, transports[0]);
    assert.equal(await echo(socket, 'hello'), 'hello');
    assert.equal(await echo(socket, 'é😀 ünïcode'), 'é😀 ünïcode');
    const bin = await echo(socket, Uint8Array.from([1, 2, 3, 255]));
    assert.deepEqual([...new Uint8Array(bin)], [1, 2, 3, 255]);
    socket.close();
  });

  test(`${name}: survives several heartbeats`, { skip }, async () => {
    const socket = open(transports);
    await once(socket, 'open');
    let pings = 0;
    socket.on('ping', () => pings++);
    // 3 intervals normally; generous on a loaded machine.
    await until(() => pings >= 3, { timeout: 10000, what: `3 pings (got ${pings})` });
    assert.equal(socket.readyState, 'open');
    assert.equal(await echo(socket, 'still'), 'still');
    socket.close();
  });
}

test('polling then upgrade to websocket', { skip }, async () => {
  const socket = open(['polling', 'websocket']);
  await once(socket, 'open');
  assert.equal(socket.transport.name, 'polling');
  await once(socket, 'upgrade');
  assert.equal(socket.transport.name, 'websocket');
  assert.equal(await echo(socket, 'after upgrade'), 'after upgrade');
  const bin = await echo(socket, Uint8Array.from([9, 8, 7]));
  assert.deepEqual([...new Uint8Array(bin)], [9, 8, 7]);
  socket.close();
});

test('messages sent during the upgrade arrive in order', { skip }, async () => {
  const socket = open(['polling', 'websocket']);
  await once(socket, 'open');
  const got = [];
  socket.on('message', (m) => got.push(m));
  for (let i = 0; i < 20; i++) socket.send(`m${i}`);
  await once(socket, 'upgrade');
  for (let i = 20; i < 40; i++) socket.send(`m${i}`);
  await until(() => got.length >= 40, { timeout: 10000, what: '40 echoes' });
  assert.deepEqual(
    got,
    Array.from({ length: 40 }, (_, i) => `m${i}`),
  );
  socket.close();
});

test('a silent client is closed after pingInterval + pingTimeout', { skip }, async () => {
  const ws = new WebSocket(`${wsUrl()}/engine.io/?EIO=4&transport=websocket`);
  const messages = [];
  ws.on('message', (m) => messages.push(m.toString()));
  const started = Date.now();
  await once(ws, 'close', { timeout: 3000 });
  const elapsed = Date.now() - started;
  assert.equal(messages[0][0], '0');
  assert.deepEqual(messages.slice(1), ['2']);
  assert.ok(elapsed >= PING_INTERVAL + PING_TIMEOUT - 50, `closed after ${elapsed} ms`);
});

test('a message over maxPayload closes that websocket only', { skip }, async () => {
  const other = open(['websocket']);
  await once(other, 'open');
  const socket = open(['websocket']);
  await once(socket, 'open');
  const closed = once(socket, 'close');
  socket.send('x'.repeat(1_000_001));
  const [reason] = await closed;
  assert.equal(reason, 'transport close');
  assert.equal(await echo(other, 'unaffected'), 'unaffected');
  other.close();
});

test('a polling POST over maxPayload is refused with 413', { skip }, async () => {
  const res = await fetch(`${server.url}/engine.io/?EIO=4&transport=polling`);
  const sid = JSON.parse((await res.text()).slice(1)).sid;
  const post = await fetch(`${server.url}/engine.io/?EIO=4&transport=polling&sid=${sid}`, {
    method: 'POST',
    body: '4' + 'x'.repeat(1_000_000),
  });
  assert.equal(post.status, 413);
});

test(
  'HTTP errors: unknown transport, unknown sid, bad method, bad protocol',
  { skip },
  async () => {
    const cases = [
      ['GET', '/engine.io/?EIO=4&transport=tobi', 400, { code: 0, message: 'Transport unknown' }],
      [
        'GET',
        '/engine.io/?EIO=4&transport=polling&sid=nope',
        400,
        { code: 1, message: 'Session ID unknown' },
      ],
      [
        'POST',
        '/engine.io/?EIO=4&transport=polling',
        400,
        { code: 2, message: 'Bad handshake method' },
      ],
      ['GET', '/engine.io/?EIO=4&transport=websocket', 400, { code: 3, message: 'Bad request' }],
      [
        'GET',
        '/engine.io/?EIO=3&transport=polling',
        400,
        { code: 5, message: 'Unsupported protocol version' },
      ],
    ];
    for (const [method, path, status, body] of cases) {
      const res = await fetch(server.url + path, { method });
      assert.equal(res.status, status, path);
      assert.deepEqual(await res.json(), body, path);
    }
  },
);

test('a websocket upgrade with an unknown sid is refused', { skip }, async () => {
  const ws = new WebSocket(`${wsUrl()}/engine.io/?EIO=4&transport=websocket&sid=nope`);
  ws.on('error', () => {}); // terminate() below reports the aborted handshake
  const [, res] = await once(ws, 'unexpected-response');
  assert.equal(res.statusCode, 400);
  res.resume();
  ws.terminate();
});

test('CORS: any origin is allowed and preflight answers', { skip }, async () => {
  const res = await fetch(`${server.url}/engine.io/?EIO=4&transport=polling`, {
    headers: { Origin: 'https://elsewhere.example' },
  });
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  await res.text();
  const pre = await fetch(`${server.url}/engine.io/?EIO=4&transport=polling`, {
    method: 'OPTIONS',
    headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'POST' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), '*');
});
