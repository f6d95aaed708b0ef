// Child process of the soak test (not a test): mixed abusive clients against one server for a
// while, each kind reconnecting whenever the server drops it.
//   node abusers.mjs <port> <seconds> <json {token, room}>
// Prints one JSON line of counts (connections made per kind) at the end.
import { connect as tcp } from 'node:net';
import { io } from 'socket.io-client';

import { flood, maskedFrame, rawWebSocket } from '../hardening/lib.mjs';

const [port, seconds, spec] = process.argv.slice(2);
const { token, room } = JSON.parse(spec);
const url = `http://127.0.0.1:${port}`;
const end = Date.now() + Number(seconds) * 1000;
const counts = {};
const count = (k) => (counts[k] = (counts[k] ?? 0) + 1);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

async function loop(kind, once) {
  while (Date.now() < end) {
    count(kind);
    try {
      await once();
    } catch {
      await pause(100);
    }
  }
}

/** Upgrades and never reads: the server's pings and writes pile up until it drops us. */
async function nonReader() {
  const s = await rawWebSocket(port);
  s.pause();
  await Promise.race([s.gone, pause(end - Date.now())]);
  s.destroy();
}

/** Floods masked pings without reading the pongs. */
async function pingFlood() {
  const s = await rawWebSocket(port);
  s.pause();
  const ping = maskedFrame(0x9, Buffer.alloc(125, 0x61));
  await flood(s, Buffer.concat(Array.from({ length: 200 }, () => ping)), end - Date.now());
  s.destroy();
}

/** A frame declaring 2 MB, over --max-payload: the server must refuse it. */
async function oversized() {
  const s = await rawWebSocket(port);
  s.on('data', () => {});
  const head = Buffer.from([0x81, 0xff, 0, 0, 0, 0, 0, 0x20, 0, 0, 1, 2, 3, 4]);
  s.write(Buffer.concat([head, Buffer.alloc(64 * 1024, 0x20)]));
  await Promise.race([s.gone, pause(end - Date.now())]);
  s.destroy();
}

/** Trickles header bytes (slowloris). */
async function slowloris() {
  const s = tcp(Number(port), '127.0.0.1');
  s.on('error', () => {});
  const gone = new Promise((r) => s.once('close', r));
  s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
  const drip = setInterval(() => s.write('X-A: b\r\n'), 1000);
  await Promise.race([gone, pause(end - Date.now())]);
  clearInterval(drip);
  s.destroy();
}

/** Loops wrong-password joins until the server disconnects it. */
async function guesser() {
  const s = io(url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise((resolve, reject) => {
    s.once('connect', resolve);
    s.once('connect_error', reject);
  });
  for (let i = 0; s.connected && Date.now() < end; i++) {
    try {
      await s.timeout(5000).emitWithAck('join', { room, password: `guess${i}` });
    } catch {
      break;
    }
  }
  s.close();
}

const kinds = [
  ['non-reader', nonReader, 20],
  ['ping-flood', pingFlood, 3],
  ['oversized', oversized, 5],
  ['slowloris', slowloris, 20],
  ['guesser', guesser, 10],
];
await Promise.all(kinds.flatMap(([k, f, n]) => Array.from({ length: n }, () => loop(k, f))));
console.log(JSON.stringify(counts));
process.exit(0);
