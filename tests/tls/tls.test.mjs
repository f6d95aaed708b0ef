// parley-server over TLS (docs/tls.md): start-up errors, HSTS, bad input on the TLS port, the
// handshake timeout, SIGHUP reloads, and the LAN default (a self-signed certificate made once
// in the data folder). The other suites run over TLS too (scripts/test.sh's TLS passes).
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  BIN,
  freePort,
  makePair,
  msUntilClosed,
  openTls,
  openWebSocket,
  presentedFingerprint,
  request,
  spawnServer,
  tempDir,
} from './server.mjs';

const skip = BIN ? false : 'PARLEY_SERVER_BIN is not set (path to a built parley-server)';

/** Starts a TLS server on 127.0.0.1 with a fresh pair; resolves once it listens. */
async function tlsServer(extra = []) {
  const dir = tempDir();
  const pair = makePair(dir);
  const server = await spawnServer(
    ['--host', '127.0.0.1', '--tls-cert', pair.cert, '--tls-key', pair.key, ...extra],
    { dir },
  );
  await server.waitFor('listening');
  return { server, pair, dir };
}

/** Whether anything accepts connections on the port. */
async function listening(port) {
  return new Promise((resolve) => {
    openTls(port).then(
      (s) => {
        s.destroy();
        resolve(true);
      },
      () => resolve(false),
    );
  });
}

describe('start-up errors: one line, non-zero exit, nothing bound', { skip }, () => {
  const cases = [
    {
      name: 'a missing certificate',
      args: (p, d) => ['--tls-cert', join(d, 'none.pem'), '--tls-key', p.key],
      line: (p, d) =>
        `parley-server: --tls-cert: cannot read ${join(d, 'none.pem')}: No such file or directory`,
    },
    {
      name: 'an unreadable key (a folder)',
      args: (p, d) => ['--tls-cert', p.cert, '--tls-key', d],
      line: (p, d) => `parley-server: --tls-key: cannot read ${d}: Is a directory`,
    },
    {
      name: 'a key that does not match',
      args: (p, d) => ['--tls-cert', p.cert, '--tls-key', makePair(d, 'other').key],
      line: (p, d) =>
        `parley-server: --tls-key: the key in ${join(d, 'other-key.pem')} does not match the certificate in ${p.cert}`,
    },
    {
      name: 'a certificate file without a certificate',
      args: (p, d) => ['--tls-cert', p.key, '--tls-key', p.key],
      line: (p) => `parley-server: --tls-cert: ${p.key} holds no PEM certificate`,
    },
    {
      name: 'a certificate without its key',
      args: (p) => ['--tls-cert', p.cert],
      line: () => 'parley-server: --tls-cert and --tls-key go together',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const dir = tempDir();
      const pair = makePair(dir);
      const server = await spawnServer(['--host', '127.0.0.1', ...c.args(pair, dir)], { dir });
      const code = await server.exited;
      assert.notEqual(code, 0);
      assert.equal(server.text().trim(), c.line(pair, dir));
      assert.equal(await listening(server.port), false);
    });
  }
});

describe('serving', { skip }, () => {
  test('HTTPS answers with HSTS; ALPN picks http/1.1', async () => {
    const { server } = await tlsServer();
    try {
      const s = await openTls(server.port);
      assert.equal(s.alpnProtocol, 'http/1.1');
      assert.match(s.getProtocol(), /^TLSv1\.[23]$/);
      const res = await request(s, '/healthz');
      assert.match(res, /^HTTP\/1\.1 200/);
      assert.match(res, /\r\nStrict-Transport-Security: max-age=31536000\r\n/i);
      s.destroy();
      const listening = await server.waitFor('listening');
      assert.equal(listening.tls, true);
    } finally {
      await server.stop();
    }
  });

  test('TLS 1.1 is refused', async () => {
    const { server } = await tlsServer();
    try {
      await assert.rejects(
        openTls(server.port, {
          minVersion: 'TLSv1',
          maxVersion: 'TLSv1.1',
          ciphers: 'ALL@SECLEVEL=0',
        }),
      );
      assert.equal((await presentedFingerprint(server.port)).length, 95);
    } finally {
      await server.stop();
    }
  });
});

describe('bad input on the TLS port', { skip }, () => {
  test('plain HTTP, garbage and a truncated hello are closed at once; others carry on', async () => {
    const { server } = await tlsServer(['--tls-handshake-timeout', '60']);
    try {
      const before = await openTls(server.port);
      const inputs = [
        Buffer.from('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
        Buffer.alloc(5000, 0x41),
        Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]),
      ];
      for (const bytes of inputs) {
        // Closed long before the 60 s handshake timeout (the truncated hello at its EOF).
        const ms = await msUntilClosed(server.port, bytes, { eof: bytes[0] === 0x16 });
        assert.ok(ms < 30000, `closed after ${ms} ms`);
      }
      assert.match(await request(before, '/healthz'), /^HTTP\/1\.1 200/);
      before.destroy();
      assert.equal(server.child.exitCode, null);
    } finally {
      await server.stop();
    }
  });

  test('a client that never finishes its handshake is closed at the timeout', async () => {
    const { server } = await tlsServer(['--tls-handshake-timeout', '2']);
    try {
      const silent = msUntilClosed(server.port, Buffer.alloc(0));
      const partial = msUntilClosed(server.port, Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]));
      // Meanwhile the server serves everyone else.
      const s = await openTls(server.port);
      assert.match(await request(s, '/healthz'), /^HTTP\/1\.1 200/);
      s.destroy();
      for (const ms of await Promise.all([silent, partial])) {
        assert.ok(ms >= 1900, `closed after only ${ms} ms`);
        assert.ok(ms < 30000, `closed after ${ms} ms`);
      }
    } finally {
      await server.stop();
    }
  });
});

describe('WebSocket over TLS: the server drives the records itself', { skip }, () => {
  const [TEXT, CLOSE, PING, PONG] = [1, 8, 9, 10];
  /** Reads the Engine.IO open packet, sends the Socket.IO connect and reads its answer. */
  async function connectSocketIo(ws, { sent = false } = {}) {
    const open = await ws.next();
    assert.equal(open.op, TEXT);
    assert.match(open.payload.toString(), /^0\{"sid"/);
    if (!sent) ws.send(TEXT, '40');
    // Answered (without credentials, refused: the frame was read either way).
    const answer = await ws.next();
    assert.match(answer.payload.toString(), /^4[04]\{/);
  }

  test('a frame in a record of its own right behind the upgrade request is read', async () => {
    const { server } = await tlsServer();
    try {
      const ws = await openWebSocket(server.port, { early: [[TEXT, '40']] });
      assert.match(ws.head, /^HTTP\/1\.1 101/);
      await connectSocketIo(ws, { sent: true });
      ws.tls.destroy();
    } finally {
      await server.stop();
    }
  });

  test('records and frames arriving a byte at a time are put back together', async () => {
    const { server } = await tlsServer();
    try {
      const ws = await openWebSocket(server.port, { trickle: true });
      assert.match(ws.head, /^HTTP\/1\.1 101/);
      await connectSocketIo(ws);
      const payload = 'p'.repeat(125); // the largest control frame
      ws.send(PING, payload);
      let pong;
      while ((pong = await ws.next()) && pong.op !== PONG);
      assert.equal(pong.payload.toString(), payload);
      ws.tls.destroy();
    } finally {
      await server.stop();
    }
  });

  test('a forged record closes that connection only; a close frame is answered', async () => {
    const { server } = await tlsServer();
    try {
      const bad = await openWebSocket(server.port);
      const good = await openWebSocket(server.port);
      await connectSocketIo(bad);
      await connectSocketIo(good);
      // An application-data record that does not decrypt, past the TLS layer.
      const forged = Buffer.concat([
        Buffer.from([0x17, 0x03, 0x03, 0x00, 0x40]),
        Buffer.alloc(64, 7),
      ]);
      const closed = new Promise((resolve) => bad.raw.once('close', resolve));
      bad.raw.write(forged);
      await closed;
      good.send(CLOSE, Buffer.from([0x03, 0xe8])); // 1000
      let answer;
      while ((answer = await good.next()) && answer.op !== CLOSE);
      assert.deepEqual([...answer.payload], [0x03, 0xe8]);
      assert.equal(await good.next(), null); // then the server ends the connection
      assert.equal(server.child.exitCode, null);
    } finally {
      await server.stop();
    }
  });
});

describe('SIGHUP', { skip }, () => {
  test('reloads the pair for new connections and keeps open ones', async () => {
    const { server, pair, dir } = await tlsServer();
    try {
      const old = await openTls(server.port);
      const oldFp = old.getPeerCertificate().fingerprint256;

      const next = makePair(dir, 'next');
      copyFileSync(next.cert, pair.cert);
      copyFileSync(next.key, pair.key);
      server.child.kill('SIGHUP');
      const reloaded = await server.waitFor('tls_reloaded');
      const newFp = await presentedFingerprint(server.port);
      assert.notEqual(newFp, oldFp);
      assert.equal(reloaded.sha256, newFp);
      assert.match(await request(old, '/healthz'), /^HTTP\/1\.1 200/); // still the old pair
      assert.equal(old.getPeerCertificate().fingerprint256, oldFp);

      // A failed reload (a key that does not match) keeps the pair in service and says why.
      copyFileSync(makePair(dir, 'third').cert, pair.cert);
      server.child.kill('SIGHUP');
      const failed = await server.waitFor('tls_reload_failed');
      assert.match(failed.error, /does not match the certificate/);
      assert.equal(await presentedFingerprint(server.port), newFp);
      assert.match(await request(old, '/healthz'), /^HTTP\/1\.1 200/);
      old.destroy();
    } finally {
      await server.stop();
    }
  });
});

// Binding 0.0.0.0 is only allowed inside a private network namespace (scripts/test.sh runs this
// suite under `unshare --net`), where the loopback interface is the only one.
const privateNet = Object.keys(networkInterfaces()).every((name) => name === 'lo');
const lanSkip = skip || (!privateNet && 'needs a private network namespace (unshare --net)');

describe('the LAN default', { skip: lanSkip }, () => {
  test('a non-loopback host makes a self-signed certificate once and reuses it', async () => {
    const dir = tempDir();
    const port = await freePort();
    const first = await spawnServer(['--host', '0.0.0.0'], { port, dir });
    let fp;
    try {
      const created = await first.waitFor('tls_self_signed_created');
      const tls = await first.waitFor('tls');
      await first.waitFor('listening');
      assert.equal(tls.selfSigned, true);
      assert.equal(created.cert, join(dir, 'self-signed-cert.pem'));
      assert.equal(statSync(join(dir, 'self-signed-key.pem')).mode & 0o777, 0o600);
      fp = await presentedFingerprint(port);
      assert.equal(tls.sha256, fp);
    } finally {
      await first.stop();
    }
    const again = await spawnServer(['--host', '0.0.0.0'], { port, dir });
    try {
      const tls = await again.waitFor('tls');
      await again.waitFor('listening');
      assert.equal(tls.sha256, fp);
      assert.equal(again.lines.filter((l) => l.event === 'tls_self_signed_created').length, 0);
      assert.equal(await presentedFingerprint(port), fp);
    } finally {
      await again.stop();
    }
  });

  test('--no-tls serves plain HTTP on a non-loopback host and makes no certificate', async () => {
    const dir = tempDir();
    const server = await spawnServer(['--host', '0.0.0.0', '--no-tls'], { dir });
    try {
      const up = await server.waitFor('listening');
      assert.equal(up.tls, false);
      const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('strict-transport-security'), null);
      assert.equal(existsSync(join(dir, 'self-signed-cert.pem')), false);
    } finally {
      await server.stop();
    }
  });

  test('an unwritable data folder is one clear line and a non-zero exit', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    const server = await spawnServer(['--host', '0.0.0.0'], { dir: join(dir, 'file') });
    assert.notEqual(await server.exited, 0);
    assert.match(
      server.text().trim(),
      /^parley-server: self-signed certificate: cannot create the data folder /,
    );
  });
});
