// A client reconnects by itself after the server process restarts on the same port.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { fixtureSkip, startFixture } from '../lib/servers.mjs';
import { waitFor } from '../lib/sio.mjs';

let fx;
const clients = [];
after(async () => {
  for (const c of clients) c.disconnect();
  if (fx) await fx.stop();
});

for (const transports of [['websocket'], ['polling', 'websocket']]) {
  test(
    `reconnects after the fixture restarts (${transports.join(' then ')})`,
    { skip: fixtureSkip },
    async () => {
      fx = await startFixture();
      const port = fx.port;
      const s = io(fx.url, {
        transports,
        reconnectionDelay: 100,
        reconnectionDelayMax: 300,
        auth: { token: 'again' },
      });
      clients.push(s);
      await waitFor(s, 'auth');
      const firstId = s.id;

      const lost = new Promise((resolve) => s.once('disconnect', resolve)); // (reason, details)
      await fx.stop();
      const reason = await lost;
      assert.ok(['transport close', 'transport error', 'ping timeout'].includes(reason), reason);

      // The client may reconnect before startFixture() sees the new server ready, so the
      // listener for the new server's 'auth' (sent on connection) goes on first.
      const authAgain = waitFor(s, 'auth', 30_000);
      fx = await startFixture({ port });
      const auth = await authAgain;
      assert.deepEqual(auth, { token: 'again' });
      assert.notEqual(s.id, firstId);
      const back = waitFor(s, 'message-back');
      s.emit('message', 'after restart');
      assert.equal(await back, 'after restart');
      s.disconnect();
      await fx.stop();
      fx = undefined;
    },
  );
}
