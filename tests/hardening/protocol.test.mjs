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
      sock.write(maskedFrame(0x1, '42["join",{"room":"abcd-efgh-jkmn"}]'));
      const closed = await Promise.race([
        sock.gone.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 5000)),
      ]);
      sock.destroy();
      assert.ok(closed, 'the connection is still open 5 s later');
    } finally {
      await server.stop();
    }
  },
);
