// Meeting passwords cannot be guessed (docs/api.md "Meeting passwords"): at least 4
// characters; 5 failures per (meeting, user) or 20 per meeting within 15 minutes, then 429
// rate_limited with Retry-After over REST and `rate_limited` over sockets, where every wrong
// password also spends the socket's abuse budget.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  api,
  connect,
  createMeeting,
  disconnected,
  emitAck,
  guest,
  registerUser,
} from '../signaling/harness.mjs';
import { skip, startServer } from './lib.mjs';

const joinRest = (server, token, id, password) =>
  api(server, 'POST', `/api/meetings/${id}/join`, { body: { password }, token });

describe('meeting passwords', { skip }, () => {
  test('a meeting password shorter than 4 characters is invalid_field', async () => {
    const server = await startServer();
    try {
      const host = await registerUser(server, { prefix: 'mp' });
      const r = await api(server, 'POST', '/api/meetings', {
        body: { password: 'abc' },
        token: host.token,
      });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.field, 'password');
      const ok = await api(server, 'POST', '/api/meetings', {
        body: { password: 'abcd' },
        token: host.token,
      });
      assert.equal(ok.status, 201);
    } finally {
      await server.stop();
    }
  });

  test('5 failures per user, then 429 with Retry-After even for the right password; 20 per meeting', async () => {
    const server = await startServer();
    try {
      const host = await registerUser(server, { prefix: 'mp' });
      const m = await createMeeting(server, host.token, { password: 'open sesame' });
      const g = await guest(server, 'guesser');
      for (let i = 0; i < 5; i++) {
        const r = await joinRest(server, g.token, m.meetingId, `guess${i}`);
        assert.equal(r.status, 403, `attempt ${i + 1}: ${JSON.stringify(r.body)}`);
      }
      const locked = await fetch(`${server.url}/api/meetings/${m.meetingId}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${g.token}` },
        body: JSON.stringify({ password: 'open sesame' }),
      });
      assert.equal(locked.status, 429);
      assert.equal((await locked.json()).error.code, 'rate_limited');
      const retry = Number(locked.headers.get('retry-after'));
      assert.ok(retry > 850 && retry <= 900, `Retry-After ${retry}`);
      // Another user still may, until the meeting has seen 20 failures.
      const other = await guest(server, 'other');
      assert.equal((await joinRest(server, other.token, m.meetingId, 'open sesame')).status, 200);
      for (let i = 0; i < 15; i++) {
        const g2 = await guest(server, `g${i}`);
        const r = await joinRest(server, g2.token, m.meetingId, `wrong${i}`);
        assert.equal(r.status, 403, `guest ${i}: ${JSON.stringify(r.body)}`);
      }
      const late = await guest(server, 'late');
      const r = await joinRest(server, late.token, m.meetingId, 'open sesame');
      assert.equal(r.status, 429, JSON.stringify(r.body));
      // The host needs no password and is never limited.
      assert.equal((await joinRest(server, host.token, m.meetingId, undefined)).status, 200);
    } finally {
      await server.stop();
    }
  });

  test('a socket looping wrong-password joins is limited, then disconnected', async () => {
    const server = await startServer();
    try {
      const host = await registerUser(server, { prefix: 'mp' });
      const m = await createMeeting(server, host.token, { password: 'open sesame' });
      const g = await guest(server, 'looper');
      const sock = await connect(server, g.token);
      const gone = disconnected(sock, 60000);
      const codes = {};
      for (let i = 0; i < 400 && sock.connected; i++) {
        try {
          const ack = await emitAck(sock, 'join', { room: m.meetingId, password: `w${i}` }, 2000);
          const code = ack.error?.code ?? 'ok';
          codes[code] = (codes[code] ?? 0) + 1;
        } catch {
          break; // no ack: disconnected
        }
      }
      await gone;
      assert.equal(codes.wrong_password, 5, JSON.stringify(codes));
      assert.ok(codes.rate_limited > 0, JSON.stringify(codes));
      assert.equal(codes.ok, undefined);
    } finally {
      await server.stop();
    }
  });
});
