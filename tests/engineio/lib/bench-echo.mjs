// Server CPU per echoed message over WebSocket (not a test; run by hand):
//   PARLEY_EIO_TEST_BIN=build/server/test_engineio node tests/engineio/lib/bench-echo.mjs 100000
// Starts the gtest echo server, opens 10 engine.io-client websockets, keeps 100 messages in
// flight on each, and reads the server's utime+stime from /proc before and after.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Socket } from 'engine.io-client';
const bin = process.env.PARLEY_EIO_TEST_BIN;
if (!bin) {
  console.error('set PARLEY_EIO_TEST_BIN to the test_engineio binary');
  process.exit(2);
}
const child = spawn(bin, ['--gtest_filter=EchoServer.*'], {
  env: { ...process.env, PARLEY_EIO_SERVE: '120' },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const port = await new Promise((res) => {
  let t = '';
  child.stdout.on('data', (c) => {
    t += c;
    const m = /PARLEY_EIO_PORT=(\d+)/.exec(t);
    if (m) res(+m[1]);
  });
});
const cpu = () => {
  const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
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
        const s = new Socket(`http://127.0.0.1:${port}`, {
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
child.stdin.end();
