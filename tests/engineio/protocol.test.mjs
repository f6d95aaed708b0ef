// The cases of the official engine.io-protocol test suite (socketio/engine.io-protocol,
// test-suite/test-suite.js, protocol v4), written for node:test with raw HTTP and WebSocket:
// what any Engine.IO v4 server must answer, byte for byte. Where the suite races two requests
// it has a short delay here, so a loaded machine cannot reorder them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import WebSocket from 'ws';
import { sleep } from '../lib/process.mjs';
import { until } from '../lib/sio.mjs';
import { echoServer, skip, PING_INTERVAL, PING_TIMEOUT } from './lib/echo.mjs';

const server = await echoServer();
after(() => server?.stop());

const url = (q) => `${server.url}/engine.io/?${q}`;
const wsUrl = (q) => `${server.url.replace(/^http/, 'ws')}/engine.io/?${q}`;

/// A WebSocket whose events are buffered, so none is lost between two awaits.
function socket(q) {
  const ws = new WebSocket(wsUrl(q));
  const queues = { open: [], message: [], close: [] };
  const waiters = { open: [], message: [], close: [] };
  const push = (type, value) =>
    waiters[type].length ? waiters[type].shift()(value) : queues[type].push(value);
  ws.on('open', () => push('open', true));
  ws.on('message', (data, isBinary) => push('message', isBinary ? data : data.toString()));
  ws.on('close', () => push('close', true));
  ws.on('error', () => {});
  ws.next = (type, ms = 2000) => {
    if (queues[type].length) return Promise.resolve(queues[type].shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${ms} ms`)), ms);
      waiters[type].push((v) => {
        clearTimeout(timer);
        resolve(v);
      });
    });
  };
  return ws;
}

async function pollingSession() {
  const res = await fetch(url('EIO=4&transport=polling'));
  return JSON.parse((await res.text()).substring(1)).sid;
}

const opts = { skip };

test('handshake over polling', opts, async () => {
  const res = await fetch(url('EIO=4&transport=polling'));
  assert.equal(res.status, 200);
  const content = await res.text();
  assert.ok(content.startsWith('0'));
  const value = JSON.parse(content.substring(1));
  assert.deepEqual(Object.keys(value).sort(), [
    'maxPayload',
    'pingInterval',
    'pingTimeout',
    'sid',
    'upgrades',
  ]);
  assert.equal(typeof value.sid, 'string');
  assert.deepEqual(value.upgrades, ['websocket']);
  assert.equal(value.pingInterval, PING_INTERVAL);
  assert.equal(value.pingTimeout, PING_TIMEOUT);
  assert.equal(value.maxPayload, 1000000);
});

test('handshake over polling fails on bad EIO, transport or method', opts, async () => {
  for (const [q, method] of [
    ['transport=polling', 'GET'],
    ['EIO=abc&transport=polling', 'GET'],
    ['EIO=4', 'GET'],
    ['EIO=4&transport=abc', 'GET'],
    ['EIO=4&transport=polling', 'POST'],
    ['EIO=4&transport=polling', 'PUT'],
  ]) {
    const res = await fetch(url(q), { method });
    assert.equal(res.status, 400, `${method} ${q}`);
    await res.text();
  }
});

test('handshake over websocket', opts, async () => {
  const ws = socket('EIO=4&transport=websocket');
  const data = await ws.next('message');
  assert.ok(data.startsWith('0'));
  const value = JSON.parse(data.substring(1));
  assert.deepEqual(value.upgrades, []);
  assert.equal(value.pingInterval, PING_INTERVAL);
  ws.close();
});

test('handshake over websocket fails on bad EIO or transport', opts, async () => {
  for (const q of [
    'transport=websocket',
    'EIO=abc&transport=websocket',
    'EIO=4',
    'EIO=4&transport=abc',
  ]) {
    const ws = socket(q);
    await ws.next('close');
  }
});

test('polling: one text packet, several, text and binary', opts, async () => {
  for (const body of ['4hello', '4test1\x1e4test2\x1e4test3', '4hello\x1ebAQIDBA==']) {
    const sid = await pollingSession();
    const push = await fetch(url(`EIO=4&transport=polling&sid=${sid}`), { method: 'post', body });
    assert.equal(push.status, 200);
    assert.equal(await push.text(), 'ok');
    const poll = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
    assert.equal(poll.status, 200);
    assert.equal(await poll.text(), body);
  }
});

test('polling: an invalid packet closes the session', opts, async () => {
  const sid = await pollingSession();
  const push = await fetch(url(`EIO=4&transport=polling&sid=${sid}`), {
    method: 'post',
    body: 'abc',
  });
  assert.equal(push.status, 400);
  await push.text();
  const poll = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
  assert.equal(poll.status, 400);
});

test('polling: duplicate poll requests close the session', opts, async () => {
  const sid = await pollingSession();
  const [first, second] = await Promise.all([
    fetch(url(`EIO=4&transport=polling&sid=${sid}`)),
    sleep(20).then(() => fetch(url(`EIO=4&transport=polling&sid=${sid}&t=burst`))), // suite: 5 ms
  ]);
  assert.equal(first.status, 200);
  assert.equal(await first.text(), '1');
  assert.ok([400, 500].includes(second.status));
  await second.text();
  const poll = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
  assert.equal(poll.status, 400);
});

test('polling: a POST while another is still arriving closes the session', opts, async () => {
  const sid = await pollingSession();
  const target = url(`EIO=4&transport=polling&sid=${sid}`);
  // The first POST sends its header and half its body, then waits.
  const body = Buffer.from('4hello');
  const lib = target.startsWith('https:') ? https : http;
  const slow = lib.request(target, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'text/plain', 'content-length': body.length },
  });
  const slowStatus = new Promise((resolve) => {
    slow.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    slow.on('error', () => resolve('error'));
  });
  slow.write(body.subarray(0, 3));
  await sleep(300); // its header reaches the server before the second POST's
  const second = await fetch(target, { method: 'post', body: '4second' });
  assert.equal(second.status, 400);
  await second.text();
  slow.end(body.subarray(3));
  assert.equal(await slowStatus, 400);
  const poll = await fetch(target);
  assert.equal(poll.status, 400, 'the session is still open');
  await poll.text();
});

test('polling: POSTs one after another are fine', opts, async () => {
  const sid = await pollingSession();
  const target = url(`EIO=4&transport=polling&sid=${sid}`);
  for (let i = 0; i < 3; i++) {
    const r = await fetch(target, { method: 'post', body: `4m${i}` });
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'ok');
  }
});

test('websocket: text and binary packets; an invalid packet closes', opts, async () => {
  const ws = socket('EIO=4&transport=websocket');
  await ws.next('message');
  ws.send('4hello');
  assert.equal(await ws.next('message'), '4hello');
  ws.send(Uint8Array.from([1, 2, 3, 4]));
  assert.deepEqual([...(await ws.next('message'))], [1, 2, 3, 4]);
  ws.send('abc');
  await ws.next('close');
});

test('heartbeat over polling: ping/pong, then timeout', opts, async () => {
  const sid = await pollingSession();
  for (let i = 0; i < 3; i++) {
    const poll = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
    assert.equal(await poll.text(), '2');
    const push = await fetch(url(`EIO=4&transport=polling&sid=${sid}`), {
      method: 'post',
      body: '3',
    });
    assert.equal(push.status, 200);
    await push.text();
  }
  // A session that never pongs: its polls answer pings, then 400 once it timed out.
  const sid2 = await pollingSession();
  const started = Date.now();
  const polled = async () => {
    const r = await fetch(url(`EIO=4&transport=polling&sid=${sid2}`));
    await r.text();
    return r.status === 400;
  };
  await until(polled, { timeout: 10000, what: 'the silent session to time out' });
  assert.ok(Date.now() - started >= PING_INTERVAL + PING_TIMEOUT - 50);
});

test('heartbeat over websocket: ping/pong, then timeout', opts, async () => {
  const ws = socket('EIO=4&transport=websocket');
  await ws.next('message');
  for (let i = 0; i < 3; i++) {
    assert.equal(await ws.next('message'), '2');
    ws.send('3');
  }
  ws.close();
  const silent = socket('EIO=4&transport=websocket');
  await silent.next('close');
});

test('close over polling answers the held GET with noop', opts, async () => {
  const sid = await pollingSession();
  const [poll] = await Promise.all([
    fetch(url(`EIO=4&transport=polling&sid=${sid}`)),
    sleep(20).then(() =>
      fetch(url(`EIO=4&transport=polling&sid=${sid}`), { method: 'post', body: '1' }),
    ),
  ]);
  assert.equal(poll.status, 200);
  assert.equal(await poll.text(), '6');
  const again = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
  assert.equal(again.status, 400);
});

test('close over websocket', opts, async () => {
  const ws = socket('EIO=4&transport=websocket');
  await ws.next('message');
  ws.send('1');
  await ws.next('close');
});

test('upgrade from polling to websocket', opts, async () => {
  const sid = await pollingSession();
  const ws = socket(`EIO=4&transport=websocket&sid=${sid}`);
  await ws.next('open');
  ws.send('2probe');
  assert.equal(await ws.next('message'), '3probe');
  const poll = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
  assert.equal(poll.status, 200);
  assert.equal(await poll.text(), '6');
  ws.send('5');
  ws.send('4hello');
  assert.equal(await ws.next('message'), '4hello');
  ws.close();
});

test('after an upgrade, polling requests and a second websocket are refused', opts, async () => {
  const sid = await pollingSession();
  const ws = socket(`EIO=4&transport=websocket&sid=${sid}`);
  await ws.next('open');
  ws.send('2probe');
  ws.send('5');
  assert.equal(await ws.next('message'), '3probe');
  // The GET below travels on another connection: the echo of a message sent after "5" shows
  // the upgrade is done before it goes.
  ws.send('4marker');
  assert.equal(await ws.next('message'), '4marker');
  const poll = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
  assert.equal(poll.status, 400);
  await poll.text();
  const ws2 = socket(`EIO=4&transport=websocket&sid=${sid}`);
  await ws2.next('close');
  ws.send('4hello');
  assert.equal(await ws.next('message'), '4hello');
  ws.close();
});
