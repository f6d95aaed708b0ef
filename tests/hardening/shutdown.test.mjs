// Shutdown (docs/protocol.md "Shutdown"): every socket leaves its room at once, so its
// departure is logged and stored even when its client ignores the WebSocket close; the process
// exits 0 within 5 s. Run under ASan by scripts/test.sh (destruction order).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createMeeting, guest } from '../signaling/harness.mjs';
import { maskedFrame, rawWebSocket, skip, startServer } from './lib.mjs';

/** Waits until `text()` matches `re` (the raw frames are read as latin1 text). */
async function until(text, re, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (re.test(text())) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${re} in ${JSON.stringify(text().slice(-300))}`);
}

test('a client that ignores the close still leaves its room at shutdown', { skip }, async () => {
  const server = await startServer();
  const g = await guest(server, 'stubborn');
  const m = await createMeeting(server, g.token);
  const sock = await rawWebSocket(server.port);
  let got = sock.early;
  sock.on('data', (d) => (got += d.toString('latin1')));
  await until(() => got, /0\{"sid"/);
  sock.write(maskedFrame(0x1, `40${JSON.stringify({ token: g.token })}`));
  await until(() => got, /40\{"sid"/);
  sock.write(maskedFrame(0x1, `421["join",${JSON.stringify({ room: m.meetingId })}]`));
  await until(() => got, /431\[\{"ok":true/);
  sock.pause(); // from now on it neither reads nor answers the close
  const started = Date.now();
  await server.stop();
  const { code } = await server.exited;
  sock.destroy();
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  const left = server.logs.find((l) => l.event === 'meeting_left');
  assert.ok(left, `no meeting_left: ${JSON.stringify(server.logs.slice(-5))}`);
  assert.ok(!server.logs.some((l) => l.event === 'signaling_shutdown_timeout'));
});
