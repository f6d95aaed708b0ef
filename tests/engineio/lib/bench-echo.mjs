// Server CPU per echoed message over WebSocket (not a test; run by hand):
//   PARLEY_SIO_FIXTURE=build/server/parley-sio-fixture node tests/engineio/lib/bench-echo.mjs 100000
// Starts the fixture's Engine.IO echo server with the shared launcher, opens 10
// engine.io-client websockets, keeps 100 messages in flight on each, and reads the server's
// utime+stime from /proc before and after.
import { readFileSync } from 'node:fs';
import { Socket } from 'engine.io-client';
import { fixtureSkip, startFixture } from '../../lib/servers.mjs';

if (fixtureSkip) {
  console.error(fixtureSkip);
  process.exit(2);
}
const server = await startFixture();
const cpu = () => {
  const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (+f[11] + +f[12]) * 10;
}; // ms (CLK_TCK=100)
const N = +process.argv[2] || 100000,
  C = 10;
const payload = JSON.stringify(['message', { text: 'x'.repeat(100) }]);
const sockets = await Promise.all(
  Array.from(
    { length: C },
    () =>
      new Promise((r) => {
        const s = new Socket(server.url, {
          path: '/engine.io/',
          transports: ['websocket'],
        });
        s.on('open', () => r(s));
      }),
  ),
);
const c0 = cpu(),
  t0 = Date.now();
await Promise.all(
  sockets.map(
    (s) =>
      new Promise((r) => {
        let got = 0,
          sent = 0;
        const per = N / C;
        const win = 100;
        const pump = () => {
          while (sent < per && sent - got < win) {
            s.send(payload);
            sent++;
          }
        };
        s.on('message', () => {
          got++;
          if (got === per) r();
          else pump();
        });
        pump();
      }),
  ),
);
const c1 = cpu(),
  t1 = Date.now();
console.log(
  `${N} echoes over ${C} websockets in ${t1 - t0} ms; server CPU ${c1 - c0} ms => ${(((c1 - c0) * 1000) / N).toFixed(2)} us per echo (1 in + 1 out)`,
);
sockets.forEach((s) => s.close());
await server.stop();
