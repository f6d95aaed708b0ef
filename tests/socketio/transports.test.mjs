// socket.io-client 4.8 against parley-sio-fixture over every transport combination.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { fixtureBin, fixtureOrUrl, fixtureOrUrlSkip } from '../lib/servers.mjs';
import { waitFor } from '../lib/sio.mjs';

const skip = fixtureOrUrlSkip('PARLEY_SIO_URL');

const combos = [
  { name: 'websocket only', transports: ['websocket'], final: 'websocket' },
  { name: 'polling only', transports: ['polling'], final: 'polling' },
  { name: 'polling then upgrade', transports: ['polling', 'websocket'], final: 'websocket' },
];

describe('socket.io-client transports', { skip }, () => {
  let fx;
  const sockets = [];
  const connect = (path, opts) => {
    const s = io(fx.url + path, { forceNew: true, reconnection: false, ...opts });
    sockets.push(s);
    return s;
  };
  before(async () => {
    fx = await fixtureOrUrl('PARLEY_SIO_URL', { extraArgs: fixtureBin ? ['--server-acks'] : [] });
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await fx.stop();
  });

  for (const combo of combos) {
    describe(combo.name, () => {
      test('connects, gets its auth echoed, and ends on the expected transport', async () => {
        const s = connect('/', { transports: combo.transports, auth: { token: 'tok-1', n: 7 } });
        const auth = await waitFor(s, 'auth');
        assert.deepEqual(auth, { token: 'tok-1', n: 7 });
        assert.equal(typeof s.id, 'string');
        assert.notEqual(s.id, s.io.engine.id, 'Socket.IO id is distinct from the Engine.IO sid');
        if (combo.final === 'websocket' && s.io.engine.transport.name !== 'websocket') {
          await waitFor(s.io.engine, 'upgrade');
        }
        assert.equal(s.io.engine.transport.name, combo.final);
      });

      test('round-trips events, acks and binary', async () => {
        const s = connect('/', { transports: combo.transports });
        await waitFor(s, 'auth');
        const back = waitFor(s, 'message-back');
        s.emit('message', 1, '2', { 3: [true] });
        assert.deepEqual(await back, [1, '2', { 3: [true] }]);

        const acked = await new Promise((resolve) => {
          s.emit('message-with-ack', 'a', { b: [null, 1.5] }, (...args) => resolve(args));
        });
        assert.deepEqual(acked, ['a', { b: [null, 1.5] }]);

        const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
        const binBack = waitFor(s, 'message-back');
        s.emit('message', { nested: { blob: bytes } }, bytes.subarray(1, 3));
        const [obj, second] = await binBack;
        assert.deepEqual(Buffer.from(obj.nested.blob), bytes);
        assert.deepEqual(Buffer.from(second), Buffer.from([1, 2]));

        const binAck = await s
          .timeout(3000)
          .emitWithAck('message-with-ack', Buffer.alloc(70_000, 7));
        assert.equal(Buffer.from(binAck).length, 70_000);
        assert.ok(Buffer.from(binAck).every((b) => b === 7));
      });

      test(
        'acks a server emit (server-to-client ack)',
        { skip: !fixtureBin && 'needs --server-acks' },
        async () => {
          const s = connect('/', { transports: combo.transports });
          await waitFor(s, 'auth');
          s.on('server-question', (...args) => {
            const ack = args.pop();
            ack({ answered: args }, Buffer.from('yes'));
          });
          const received = waitFor(s, 'server-ack-received');
          s.emit('server-ack-request', 42, 'q');
          const [reply, bin] = await received;
          assert.deepEqual(reply, { answered: [42, 'q'] });
          assert.equal(Buffer.from(bin).toString(), 'yes');
        },
      );
    });
  }

  test('custom namespace echoes its own auth', async () => {
    const main = connect('/', { transports: ['websocket'], auth: { token: 'main' } });
    assert.deepEqual(await waitFor(main, 'auth'), { token: 'main' });
    const custom = connect('/custom', { transports: ['websocket'], auth: { token: 'custom' } });
    assert.deepEqual(await waitFor(custom, 'auth'), { token: 'custom' });
    const back = waitFor(custom, 'message-back');
    custom.emit('message', 'to custom');
    assert.deepEqual(await back, 'to custom');
    assert.notEqual(custom.id, main.id);
  });

  test('two namespaces multiplexed on one Engine.IO connection', async () => {
    const manager = connect('/', { transports: ['websocket'] }).io;
    const a = manager.socket('/');
    const b = manager.socket('/custom');
    a.connect();
    b.connect();
    await Promise.all([waitFor(a, 'connect'), waitFor(b, 'connect')]);
    const backA = waitFor(a, 'message-back');
    const backB = waitFor(b, 'message-back');
    a.emit('message', 'A');
    b.emit('message', 'B');
    assert.equal(await backA, 'A');
    assert.equal(await backB, 'B');
    b.disconnect(); // leaving one namespace keeps the other
    const again = waitFor(a, 'message-back');
    a.emit('message', 'still here');
    assert.equal(await again, 'still here');
    assert.equal(manager.engine.readyState, 'open');
  });

  test('an unknown namespace is refused with "Invalid namespace"', async () => {
    const s = connect('/nope', { transports: ['websocket'] });
    const err = await waitFor(s, 'connect_error');
    assert.equal(err.message, 'Invalid namespace');
  });
});
