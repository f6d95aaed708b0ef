// WebSocket clients that stop reading (docs/protocol.md "Slow consumers"): a peer that floods
// pings without reading the pongs is closed, and the server's memory stays flat meanwhile.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startServer } from '../lib/servers.mjs';
import { flood, maskedFrame, rawWebSocket, rssKiB, sleep } from './lib.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

test('a client that sends pings and never reads is closed; RSS stays within a few MiB', async () => {
  await sleep(300);
  const start = rssKiB(server.pid);
  const sock = await rawWebSocket(server.port);
  sock.pause(); // never read again: the pongs pile up on the server's side
  const ping = maskedFrame(0x9, Buffer.alloc(125, 0x61));
  const burst = Buffer.concat(Array.from({ length: 500 }, () => ping));
  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssKiB(server.pid));
  }, 50);
  const closed = await flood(sock, burst, 20000);
  clearInterval(sampler);
  peak = Math.max(peak, rssKiB(server.pid));
  sock.destroy();
  const growth = (peak - start) / 1024;
  assert.ok(closed, `the flooding client was not closed within 20 s (RSS grew ${growth} MiB)`);
  assert.ok(growth < 8, `server RSS grew by ${growth.toFixed(1)} MiB (from ${start} KiB)`);
});
