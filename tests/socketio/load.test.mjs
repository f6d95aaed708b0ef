// 1,000 concurrent socket.io-client connections, each round-tripping an event and an ack.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { fixtureBin, fixtureOrUrl, fixtureOrUrlSkip } from '../lib/servers.mjs';
import { waitFor } from '../lib/sio.mjs';

const skip = fixtureOrUrlSkip('PARLEY_SIO_URL');

const CLIENTS = Number(process.env.PARLEY_SIO_LOAD_CLIENTS ?? 1000);

let fx;
const clients = [];
after(async () => {
  for (const c of clients) c.disconnect();
  if (fx) await fx.stop();
});

test(
  `${CLIENTS} concurrent clients connect and round-trip`,
  { skip, timeout: 120_000 },
  async () => {
    // Socket.IO's default timings: with the conformance ones (300/200 ms heartbeat, 1 s connect
    // timeout) one Node process starting a thousand clients on a busy machine answers some pings
    // or sends some CONNECTs too late, and the server rightly drops those connections.
    const timings = [
      '--ping-interval',
      '25000',
      '--ping-timeout',
      '20000',
      '--connect-timeout',
      '45000',
    ];
    fx = await fixtureOrUrl('PARLEY_SIO_URL', { extraArgs: fixtureBin ? timings : [] });
    const started = Date.now();
    const roundTrips = [];
    for (let i = 0; i < CLIENTS; i++) {
      const s = io(fx.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { i },
      });
      clients.push(s);
      roundTrips.push(
        (async () => {
          const auth = await waitFor(s, 'auth', 60_000);
          assert.deepEqual(auth, { i });
          const back = waitFor(s, 'message-back', 60_000);
          s.emit('message', i, `client-${i}`);
          assert.deepEqual(await back, [i, `client-${i}`]);
          const acked = await s.timeout(60_000).emitWithAck('message-with-ack', i);
          assert.equal(acked, i);
        })(),
      );
    }
    const results = await Promise.allSettled(roundTrips);
    const failed = results.filter((r) => r.status === 'rejected');
    assert.equal(failed.length, 0, `${failed.length} failed; first: ${failed[0]?.reason}`);
    assert.equal(clients.filter((c) => c.connected).length, CLIENTS);
    console.log(`# ${CLIENTS} clients connected and round-tripped in ${Date.now() - started} ms`);
  },
);
