// Caps on what one client may hold or create (docs/configuration.md, docs/api.md "Creation
// limits", docs/signaling.md "Limits", docs/protocol.md "Limits and defaults").
import assert from 'node:assert/strict';
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
import { skip, startServer } from './lib.mjs';

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
