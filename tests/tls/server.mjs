// Helpers for the TLS suite: test certificates made with the openssl CLI, parley-server
// started with given flags (its JSON log lines collected, start-up failures included, which
// tests/lib's launch() treats as errors), raw TLS and TCP probes.
import { execFileSync, spawn } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import { Duplex } from 'node:stream';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { freePort } from '../lib/process.mjs';
import { tempDir as sharedTempDir } from '../lib/servers.mjs';

export { freePort };

export const BIN = process.env.PARLEY_SERVER_BIN;

export const tempDir = () => sharedTempDir('parley-tls-');

/** Writes a self-signed P-256 pair for 127.0.0.1 to dir/name-{cert,key}.pem. */
export function makePair(dir, name = 'server') {
  const cert = join(dir, `${name}-cert.pem`);
  const key = join(dir, `${name}-key.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/**
 * Spawns parley-server with `args` (plus --port and a temporary SQLite store unless given).
 * `waitFor(event)` resolves with the first log line whose "event" matches.
 */
export async function spawnServer(args, { port, dir = tempDir() } = {}) {
  port ??= await freePort();
  const all = ['--port', String(port), '--store', `sqlite:${join(dir, 'parley.db')}`, ...args];
  const child = spawn(BIN, all, { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = [];
  const waiters = [];
  let pending = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    pending += chunk;
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const raw = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let entry;
      try {
        entry = JSON.parse(raw);
      } catch {
        entry = { raw };
      }
      lines.push(entry);
      for (const w of [...waiters]) if (w.match(entry)) w.resolve(entry);
    }
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const server = {
    port,
    dir,
    child,
    lines,
    exited,
    waitFor(event, ms = 15000) {
      const match = (e) => e.event === event;
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${event}" log line`)), ms);
        waiters.push({
          match,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
        exited.then((code) => reject(new Error(`server exited (${code}) before "${event}"`)));
      });
    },
    /** The whole stderr text (for start-up errors, which are not JSON). */
    text: () => lines.map((l) => l.raw ?? JSON.stringify(l)).join('\n'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exited;
        clearTimeout(t);
      }
    },
  };
  return server;
}

/** Opens a TLS connection (no verification) and resolves once the handshake is done. */
export function openTls(port, options = {}) {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({
      host: '127.0.0.1',
      port,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...options,
    });
    s.once('secureConnect', () => resolve(s));
    s.once('error', reject);
  });
}

/** Sends one keep-alive GET on an open socket and resolves with the raw response head+body. */
export function request(socket, path) {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d) => {
      text += d;
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/content-length: (\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
      if (text.length >= end + 4 + len) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  });
}

/**
 * Connects over plain TCP, writes `bytes` (then EOF when `eof`), and resolves with ms until the
 * server closes.
 */
export function msUntilClosed(port, bytes, { eof = false } = {}) {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const s = netConnect(port, '127.0.0.1', () => {
      if (bytes.length) s.write(bytes);
      if (eof) s.end();
    });
    s.on('data', () => {});
    s.once('error', () => {}); // a reset is a close too
    s.once('close', () => resolve(Date.now() - start));
    setTimeout(() => reject(new Error('the server never closed the connection')), 60000).unref();
  });
}

/** The SHA-256 fingerprint the server presents, as "AB:CD:...". */
export async function presentedFingerprint(port) {
  const s = await openTls(port);
  const fp = s.getPeerCertificate().fingerprint256;
  s.destroy();
  return fp;
}

/**
 * A raw WebSocket client over TLS on parley-server's /socket.io/ endpoint (Engine.IO v4),
 * for what the server's own record layer must cope with (docs/tls.md, "WebSocket over TLS").
 * Resolves once the 101 is read. `send(op, payload)` writes one masked frame; `next()`
 * resolves with the next frame from the server ({ op, payload }), or null once the
 * connection closed. `trickle`: every byte the TLS layer writes goes out in a TCP write of its
 * own, so that records (and the frames in them) arrive in pieces. `early`: frames written in
 * records of their own right behind the upgrade request, before the 101 is read. `raw` is the
 * TCP socket under the TLS layer.
 */
export async function openWebSocket(port, { trickle = false, early = [] } = {}) {
  const raw = netConnect(port, '127.0.0.1');
  raw.setNoDelay(true);
  raw.once('error', () => {});
  await new Promise((resolve) => raw.once('connect', resolve));
  let held = null; // while an array: what the TLS layer writes is kept, then sent in one go
  const pipe = new Duplex({
    write(chunk, _encoding, done) {
      if (held) return held.push(chunk) && done();
      if (!trickle) return raw.write(chunk, done);
      let at = 0;
      const step = () => {
        if (at >= chunk.length || raw.destroyed) return done();
        raw.write(chunk.subarray(at, ++at));
        setImmediate(step);
      };
      step();
    },
    read() {},
  });
  raw.on('data', (d) => pipe.push(d));
  raw.on('close', () => pipe.push(null));
  const tls = tlsConnect({ socket: pipe, rejectUnauthorized: false });
  tls.once('error', () => {});
  await new Promise((resolve, reject) => {
    tls.once('secureConnect', resolve);
    tls.once('close', () => reject(new Error('closed during the handshake')));
  });

  let input = Buffer.alloc(0);
  let closed = false;
  const wake = [];
  const notify = () => wake.splice(0).forEach((w) => w());
  tls.on('data', (d) => {
    input = Buffer.concat([input, d]);
    notify();
  });
  const ended = () => {
    closed = true;
    notify();
  };
  tls.on('end', ended);
  tls.on('close', ended);
  const more = (ms) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
      wake.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  const frame = (op, payload) => {
    const body = Buffer.from(payload);
    const head = body.length < 126 ? [0x80 | op, 0x80 | body.length] : [0x80 | op, 0x80 | 126];
    const len = body.length < 126 ? [] : [body.length >> 8, body.length & 0xff];
    const mask = [1, 2, 3, 4];
    const masked = body.map((b, i) => b ^ mask[i % 4]);
    return Buffer.concat([Buffer.from([...head, ...len, ...mask]), masked]);
  };

  // The early frames reach the server in the same TCP write as the request.
  if (early.length) held = [];
  tls.write(
    'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  for (const [op, payload] of early) tls.write(frame(op, payload));
  if (held) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    raw.write(Buffer.concat(held.splice(0)));
    held = null;
  }
  for (let end; (end = input.indexOf('\r\n\r\n')) < 0;) {
    if (closed) throw new Error('closed before the 101');
    await more(10000);
  }
  const head = input.subarray(0, input.indexOf('\r\n\r\n')).toString();
  input = input.subarray(head.length + 4);

  return {
    raw,
    tls,
    head,
    send: (op, payload) => tls.write(frame(op, payload)),
    /** The next frame from the server, or null when the connection closed first. */
    async next(ms = 10000) {
      for (;;) {
        const short = input.length >= 2 ? input[1] & 0x7f : -1;
        const at = short === 126 ? 4 : short === 127 ? 10 : 2;
        if (short >= 0 && input.length >= at) {
          const len =
            at === 4 ? input.readUInt16BE(2) : at === 10 ? Number(input.readBigUInt64BE(2)) : short;
          if (input.length >= at + len) {
            const out = { op: input[0] & 0x0f, payload: input.subarray(at, at + len) };
            input = input.subarray(at + len);
            return out;
          }
        }
        if (closed) return null;
        await more(ms);
      }
    },
  };
}
