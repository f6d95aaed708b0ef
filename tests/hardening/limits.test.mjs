// Caps on what one client may hold or create (docs/configuration.md, docs/api.md "Creation
// limits", docs/signaling.md "Limits", docs/protocol.md "Limits and defaults").
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { describe, test } from 'node:test';

import {
  api,
  closeAll,
  connect,
  createMeeting,
  emitAck,
  guest,
  join,
} from '../signaling/harness.mjs';
import { orAfter, skip, sleep, startServer } from './lib.mjs';

/** A raw TCP connection to the server from `from` (any 127/8 address is loopback). */
function rawTcp(port, from = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const sock = tcpConnect({ port, host: '127.0.0.1', localAddress: from });
    sock.gone = new Promise((r) => sock.once('close', r));
    sock.once('error', () => {});
    sock.once('connect', () => resolve(sock));
    sock.once('close', () => reject(new Error('refused')));
  });
}

/** Whether the server closes `sock` within `ms`. */
const closedWithin = (sock, ms) =>
  orAfter(
    sock.gone.then(() => true),
    ms,
    false,
  );

/** Whether a request on `sock` is answered 200 (keep-alive, so the connection stays). */
function answers(sock) {
  return new Promise((resolve) => {
    let got = '';
    const onData = (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n')) {
        sock.off('data', onData);
        resolve(got.startsWith('HTTP/1.1 200'));
      }
    };
    sock.on('data', onData);
    sock.gone.then(() => resolve(false));
    sock.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  });
}

/**
 * A connection from `from` that the server serves, trying for up to 5 s (a connection that
 * just closed, such as the start-up probe's, gives its place back a moment later); null if
 * none is served.
 */
async function served(port, from, held) {
  for (let i = 0; i < 50; i++) {
    const s = await rawTcp(port, from);
    held.push(s);
    if (await answers(s)) return s;
    await sleep(100);
  }
  return null;
}

/**
 * Opens `n` connections (the i-th from `addresses(i)`), checks that one more is closed at once
 * while the others still work, and that a place freed is given again.
 */
async function capsAt(server, n, addresses) {
  const held = [];
  try {
    const open = [];
    for (let i = 0; i < n; i++) {
      const s = await served(server.port, addresses(i), held);
      assert.ok(s, `connection ${i + 1} of ${n} was not served`);
      open.push(s);
    }
    const over = await rawTcp(server.port, addresses(n));
    held.push(over);
    assert.equal(await closedWithin(over, 3000), true, 'the connection over the cap stays open');
    for (const s of open) assert.equal(await answers(s), true, 'a connection under the cap failed');
    open[0].destroy();
    assert.ok(await served(server.port, addresses(0), held), 'a freed place was not given again');
  } finally {
    for (const s of held) s.destroy();
  }
}

describe('limits', { skip }, () => {
  test('--max-participants: one join over it is refused meeting_full', async () => {
    const server = await startServer(['--max-participants', '3']);
    const sockets = [];
    try {
      const host = await guest(server, 'host');
      const m = await createMeeting(server, host.token);
      for (let i = 0; i < 3; i++) {
        const g = await guest(server, `p${i}`);
        const s = await connect(server, g.token);
        sockets.push(s);
        await join(s, m.meetingId);
      }
      const late = await connect(server, (await guest(server, 'late')).token);
      sockets.push(late);
      const ack = await emitAck(late, 'join', { room: m.meetingId });
      assert.equal(ack.error?.code, 'meeting_full', JSON.stringify(ack));
      sockets[0].emit('leave');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await emitAck(late, 'join', { room: m.meetingId })).ok, true);
    } finally {
      await closeAll(sockets);
      await server.stop();
    }
  });

  test('GET /metrics: loopback by default; with --metrics-token only with the token', async () => {
    const open = await startServer();
    try {
      assert.equal((await fetch(`${open.url}/metrics`)).status, 200);
    } finally {
      await open.stop();
    }
    const server = await startServer(['--metrics-token', 'm3trics-secret']);
    try {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 403);
      const wrong = await fetch(`${server.url}/metrics`, {
        headers: { authorization: 'Bearer nope' },
      });
      assert.equal(wrong.status, 403);
      const right = await fetch(`${server.url}/metrics`, {
        headers: { authorization: 'Bearer m3trics-secret' },
      });
      assert.equal(right.status, 200);
      assert.match(await right.text(), /parley_http_requests_total/);
    } finally {
      await server.stop();
    }
  });

  test('--max-guests-per-hour / --max-accounts-per-hour: 429 with Retry-After', async () => {
    const server = await startServer([
      '--max-guests-per-hour',
      '3',
      '--max-accounts-per-hour',
      '1',
    ]);
    try {
      for (let i = 0; i < 3; i++) await guest(server, `g${i}`);
      const r = await fetch(`${server.url}/api/guests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ displayName: 'one too many' }),
      });
      assert.equal(r.status, 429);
      assert.equal((await r.json()).error.code, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) > 3500);
      const user = (n) =>
        api(server, 'POST', '/api/users', {
          body: {
            username: `lim${n}${process.pid}`,
            email: `l${n}${process.pid}@x.org`,
            password: 'long enough',
          },
        });
      assert.equal((await user(1)).status, 201);
      assert.equal((await user(2)).status, 429);
    } finally {
      await server.stop();
    }
  });

  test('guest and account creation are unlimited by default', async () => {
    const server = await startServer();
    try {
      for (let i = 0; i < 30; i++) await guest(server, `g${i}`);
    } finally {
      await server.stop();
    }
  });

  test('--max-connections-per-address: one connection over it is closed at once', async () => {
    const server = await startServer(['--max-connections-per-address', '3']);
    try {
      await capsAt(server, 3, () => '127.0.0.2');
      // Another address is not affected by the first one's cap.
      const other = await rawTcp(server.port, '127.0.0.3');
      try {
        assert.equal(await answers(other), true);
      } finally {
        other.destroy();
      }
    } finally {
      await server.stop();
    }
  });

  test('--max-connections: the total is capped whatever the addresses', async () => {
    const server = await startServer(['--max-connections', '2']);
    try {
      await capsAt(server, 2, (i) => `127.0.0.${10 + i}`);
    } finally {
      await server.stop();
    }
  });

  test('--max-sessions-per-address: one handshake over it gets 403', async () => {
    const server = await startServer(['--max-sessions-per-address', '2']);
    try {
      const hs = () => fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
      const a = await hs();
      const b = await hs();
      assert.equal(a.status, 200);
      assert.equal(b.status, 200);
      const c = await hs();
      assert.equal(c.status, 403, await c.text());
    } finally {
      await server.stop();
    }
  });
});
