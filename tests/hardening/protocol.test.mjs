// Protocol edge cases where Parley behaves like the reference servers (docs/protocol.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {} from '../signaling/harness.mjs';
import { maskedFrame, rawWebSocket, skip, startServer } from './lib.mjs';

test(
  'an EVENT for a namespace the client has not connected closes the connection',
  { skip },
  async () => {
    const server = await startServer();
    try {
      const sock = await rawWebSocket(server.port);
      // Closed: the server's close frame (0x88) arrives, or the connection ends.
      let closeFrame = sock.early.includes('\x88');
      sock.on('data', (d) => (closeFrame ||= d.includes(0x88)));
      sock.write(maskedFrame(0x1, '42["join",{"room":"abcd-efgh-jkmn"}]'));
      let ended = false;
      sock.gone.then(() => (ended = true));
      for (let i = 0; i < 100 && !closeFrame && !ended; i++)
        await new Promise((r) => setTimeout(r, 50));
      const closed = closeFrame || ended;
      sock.destroy();
      assert.ok(closed, 'the connection is still open 5 s later');
    } finally {
      await server.stop();
    }
  },
);
