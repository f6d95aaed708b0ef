// Slow HTTP clients (docs/api.md "Connections"): a request's headers must arrive within
// 10 seconds (slowloris), whatever the client trickles meanwhile.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';

import { orAfter } from '../lib/process.mjs';
import { startServer } from '../lib/servers.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

test('a client trickling its headers is closed within ~10 s', async () => {
  const sock = connect(server.port, '127.0.0.1');
  sock.on('error', () => {});
  await new Promise((r) => sock.once('connect', r));
  const started = Date.now();
  const gone = new Promise((r) => sock.once('close', r));
  sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
  let n = 0;
  const drip = setInterval(() => sock.write(`X-Slow-${n++}: y\r\n`), 500);
  const closed = await orAfter(
    gone.then(() => true),
    20000,
    false,
  );
  clearInterval(drip);
  sock.destroy();
  const took = (Date.now() - started) / 1000;
  assert.ok(closed, 'still open after 20 s');
  assert.ok(took >= 8 && took < 15, `closed after ${took} s`);
});

test('a keep-alive connection survives a normal pause between requests', async () => {
  const sock = connect(server.port, '127.0.0.1');
  sock.on('error', () => {});
  await new Promise((r) => sock.once('connect', r));
  let text = '';
  sock.on('data', (d) => (text += d));
  sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((r) => setTimeout(r, 2000));
  sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((r) => setTimeout(r, 1000));
  sock.destroy();
  assert.equal(text.match(/HTTP\/1.1 200/g)?.length, 2, text);
});
