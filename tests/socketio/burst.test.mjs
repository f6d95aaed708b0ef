// A burst: 500 acked events emitted in one turn arrive at the server back to back (over TLS,
// as many records read in one turn: docs/tls.md); every ack comes back, in order, and the
// connection is still usable afterwards.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { fixtureOrUrl, fixtureOrUrlSkip } from '../lib/servers.mjs';
import { waitFor } from '../lib/sio.mjs';

const skip = fixtureOrUrlSkip('PARLEY_SIO_URL');
const BURST = 500;

let fx;
let client;
after(async () => {
  client?.disconnect();
  if (fx) await fx.stop();
});

test(`${BURST} acked events emitted at once are all acked, in order`, { skip }, async () => {
  fx = await fixtureOrUrl('PARLEY_SIO_URL');
  client = io(fx.url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await waitFor(client, 'auth', 30_000);
  const order = [];
  const acks = [];
  for (let i = 0; i < BURST; i++) {
    acks.push(
      client
        .timeout(30_000)
        .emitWithAck('message-with-ack', i)
        .then((back) => order.push(back)),
    );
  }
  await Promise.all(acks);
  assert.deepEqual(
    order,
    Array.from({ length: BURST }, (_, i) => i),
  );
  const back = waitFor(client, 'message-back', 30_000);
  client.emit('message', 'after', 'the burst');
  assert.deepEqual(await back, ['after', 'the burst']);
});
