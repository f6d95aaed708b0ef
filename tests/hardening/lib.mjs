// Helpers for the hardening suite: raw WebSocket connections that misbehave on purpose, the
// server's resident memory, and small timing statistics. The servers come from the shared
// launcher (tests/lib/servers.mjs, PARLEY_SERVER_BIN).
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

import { startServer as launchServer } from '../lib/servers.mjs';

export { rssKiB } from '../signaling/harness.mjs';
export { sanitized, serverBin, serverSkip as skip } from '../lib/servers.mjs';

/** parley-server with these extra flags (tests/lib/servers.mjs startServer). */
export const startServer = (extraArgs = [], options = {}) =>
  launchServer({ ...options, extraArgs });

/** One masked WebSocket frame from the client side (RFC 6455 section 5.2). */
export function maskedFrame(opcode, payload) {
  const data = Buffer.from(payload);
  const len = data.length;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const frame = Buffer.alloc(head + 4 + len);
  frame[0] = 0x80 | opcode;
  if (len < 126) frame[1] = 0x80 | len;
  else if (len < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(len), 2);
  }
  const key = randomBytes(4);
  key.copy(frame, head);
  for (let i = 0; i < len; i++) frame[head + 4 + i] = data[i] ^ key[i & 3];
  return frame;
}

/**
 * A raw TCP connection upgraded to a WebSocket at /socket.io/ (Engine.IO v4). Resolves once
 * the 101 arrived; `sock.gone` resolves when the server ends the connection; `sock.early` holds
 * what arrived right behind the 101 (latin1).
 */
export function rawWebSocket(port, query = '') {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let head = '';
    sock.gone = new Promise((r) => sock.once('close', r));
    sock.once('error', () => {});
    sock.once('connect', () => {
      sock.write(
        `GET /socket.io/?EIO=4&transport=websocket${query} HTTP/1.1\r\n` +
          `Host: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
          'Sec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    const onData = (d) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      sock.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(head.split('\r\n')[0]));
      sock.early = head.slice(head.indexOf('\r\n\r\n') + 4); // frames that came with the 101
      resolve(sock);
    };
    sock.on('data', onData);
    sock.once('close', () => reject(new Error('closed before the upgrade')));
  });
}

/** Writes `chunk` over and over (respecting backpressure) until the socket closes or `ms` pass. */
export async function flood(sock, chunk, ms) {
  const end = Date.now() + ms;
  let open = true;
  sock.gone.then(() => (open = false));
  while (open && Date.now() < end) {
    if (!sock.write(chunk)) {
      await Promise.race([
        new Promise((r) => sock.once('drain', r)),
        sock.gone,
        new Promise((r) => setTimeout(r, 200)),
      ]);
    }
  }
  return !open;
}

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export { orAfter, sleep } from '../lib/process.mjs';
