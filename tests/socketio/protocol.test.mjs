// Wire-level conformance of parley-sio-fixture, after the official socket.io-protocol and
// engine.io-protocol test suites (which expect exactly these fixture settings).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureOrUrl, fixtureOrUrlSkip } from '../lib/servers.mjs';
import { RawSocket, connectedSocket } from './lib/raw.mjs';

const skip = fixtureOrUrlSkip('PARLEY_SIO_URL');

const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;
const CONNECT_TIMEOUT = 1000;
const placeholders = '{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}';

describe('Socket.IO wire protocol', { skip }, () => {
  let fx;
  const open = [];
  const track = (s) => {
    open.push(s);
    return s;
  };
  before(async () => {
    fx = await fixtureOrUrl('PARLEY_SIO_URL');
  });
  after(async () => {
    for (const s of open) s.close();
    await fx.stop();
  });

  test('Engine.IO handshake carries the fixture timings', async () => {
    const s = track(await RawSocket.open(fx.url));
    const open0 = await s.next();
    assert.ok(open0.startsWith('0'));
    const hs = JSON.parse(open0.slice(1));
    assert.deepEqual(Object.keys(hs).sort(), [
      'maxPayload',
      'pingInterval',
      'pingTimeout',
      'sid',
      'upgrades',
    ]);
    assert.equal(hs.pingInterval, PING_INTERVAL);
    assert.equal(hs.pingTimeout, PING_TIMEOUT);
    assert.equal(hs.maxPayload, 1000000);
  });

  const connectCases = [
    { name: 'main namespace', send: '40', prefix: '40', auth: '42["auth",{}]' },
    {
      name: 'main namespace with a payload',
      send: '40{"token":"123"}',
      prefix: '40',
      auth: '42["auth",{"token":"123"}]',
    },
    {
      name: 'custom namespace',
      send: '40/custom,',
      prefix: '40/custom,',
      auth: '42/custom,["auth",{}]',
    },
    {
      name: 'custom namespace with a payload',
      send: '40/custom,{"token":"abc"}',
      prefix: '40/custom,',
      auth: '42/custom,["auth",{"token":"abc"}]',
    },
  ];
  for (const c of connectCases) {
    test(`connect: ${c.name}`, async () => {
      const s = track(await RawSocket.open(fx.url));
      await s.next();
      s.send(c.send);
      const reply = await s.next();
      assert.ok(reply.startsWith(c.prefix), reply);
      const body = JSON.parse(reply.slice(c.prefix.length));
      assert.deepEqual(Object.keys(body), ['sid']);
      assert.equal(typeof body.sid, 'string');
      assert.equal(await s.next(), c.auth);
    });
  }

  test('connect: an unknown namespace gets CONNECT_ERROR', async () => {
    const s = track(await RawSocket.open(fx.url));
    await s.next();
    s.send('40/random');
    assert.equal(await s.next(), '44/random,{"message":"Invalid namespace"}');
  });

  test('connect: no CONNECT within connectTimeout closes the connection', async () => {
    const s = track(await RawSocket.open(fx.url, { autoPong: true }));
    const start = Date.now();
    await s.next();
    const closedAt = await s.closedWithin(CONNECT_TIMEOUT + 1500);
    assert.ok(closedAt - start >= CONNECT_TIMEOUT - 50, `closed after ${closedAt - start} ms`);
  });

  test('disconnect from a custom namespace keeps the main one', async () => {
    const s = track(await connectedSocket(fx.url));
    s.send('40/custom');
    await s.next();
    await s.next();
    s.send('41/custom');
    s.send('42["message","message to main namespace"]');
    assert.equal(await s.next(), '42["message-back","message to main namespace"]');
  });

  const messageCases = [
    {
      name: 'plain text',
      send: ['42["message",1,"2",{"3":[true]}]'],
      expect: ['42["message-back",1,"2",{"3":[true]}]'],
    },
    {
      name: 'plain text with an ack',
      send: ['42456["message-with-ack",1,"2",{"3":[false]}]'],
      expect: ['43456[1,"2",{"3":[false]}]'],
    },
    {
      name: 'binary attachments',
      send: [`452-["message",${placeholders}]`, Buffer.from([1, 2, 3]), Buffer.from([4, 5, 6])],
      expect: [
        `452-["message-back",${placeholders}]`,
        Buffer.from([1, 2, 3]),
        Buffer.from([4, 5, 6]),
      ],
    },
    {
      name: 'binary attachments with an ack',
      send: [
        `452-789["message-with-ack",${placeholders}]`,
        Buffer.from([1, 2, 3]),
        Buffer.from([4, 5, 6]),
      ],
      expect: [`462-789[${placeholders}]`, Buffer.from([1, 2, 3]), Buffer.from([4, 5, 6])],
    },
  ];
  for (const c of messageCases) {
    test(`message: ${c.name}`, async () => {
      const s = track(await connectedSocket(fx.url));
      for (const frame of c.send) s.send(frame);
      for (const expected of c.expect) assert.deepEqual(await s.next(), expected);
    });
  }

  const invalid = [
    ['an invalid handshake', '4abc'],
    ['an unknown packet type', '49'],
    ['an invalid payload format', '42{}'],
    ['an invalid ack id', '42abc["message-with-ack",1,"2",{"3":[false]}]'],
    ['a reserved event name', '42["disconnect"]'],
    ['a placeholder out of range', '451-["message",{"_placeholder":true,"num":3}]'],
  ];
  for (const [name, frame] of invalid) {
    test(`closes the connection upon ${name}, and only that one`, async () => {
      const bystander = track(await connectedSocket(fx.url));
      const s = track(await connectedSocket(fx.url));
      s.send(frame);
      await s.closedWithin(1000);
      bystander.send('42["message","still fine"]');
      assert.equal(await bystander.next(), '42["message-back","still fine"]');
    });
  }
});

describe('Engine.IO echo at /engine.io/', { skip }, () => {
  let fx;
  before(async () => {
    fx = await fixtureOrUrl('PARLEY_SIO_URL');
  });
  after(async () => {
    await fx.stop();
  });

  test('echoes text and binary messages over WebSocket', async () => {
    const s = await RawSocket.open(fx.url, { path: '/engine.io/', autoPong: true });
    try {
      const hs = JSON.parse((await s.next()).slice(1));
      assert.equal(hs.pingInterval, PING_INTERVAL);
      s.send('4hello');
      assert.equal(await s.next(), '4hello');
      s.send(Buffer.from([0, 255, 7]));
      assert.deepEqual(await s.next(), Buffer.from([0, 255, 7]));
    } finally {
      s.close();
    }
  });

  test('polling handshake offers the upgrade and allows any origin', async () => {
    const res = await fetch(`${fx.url}/engine.io/?EIO=4&transport=polling`, {
      headers: { Origin: 'http://elsewhere.example' },
    });
    assert.equal(res.status, 200);
    assert.ok(
      ['*', 'http://elsewhere.example'].includes(res.headers.get('access-control-allow-origin')),
    );
    const hs = JSON.parse((await res.text()).slice(1));
    assert.deepEqual(hs.upgrades, ['websocket']);
    assert.equal(hs.pingTimeout, PING_TIMEOUT);
    assert.equal(hs.maxPayload, 1000000);
  });
});
