// Every route of docs/api.md over real HTTP: the happy paths, the objects' shapes,
// the security headers and TURN credentials. Runs against SQLite, and PostgreSQL when
// PARLEY_TEST_PG_URL is set.
import { createHmac } from 'node:crypto';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { client, uniq } from '../lib/rest.mjs';
import { backends, serverSkip as skip, useServer } from '../lib/servers.mjs';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MEETING_ID = /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/;
const TURN_SECRET = 'turn-secret-for-tests';

for (const backend of backends()) {
  describe(`REST routes (${backend.name})`, { skip }, () => {
    const server = useServer({
      store: backend.store(),
      extraArgs: [
        '--turn-secret',
        TURN_SECRET,
        '--turn-urls',
        'turn:127.0.0.1:3478,turns:127.0.0.1:5349',
        '--stun-urls',
        'stun:127.0.0.1:3478',
        '--turn-ttl',
        '600',
      ],
    });
    const call = client(server);

    const register = async (name) => {
      const r = await call('POST', '/api/users', {
        body: { username: name, email: `${name}@example.org`, password: `pw-${name}-123` },
      });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };

    test('register, sign in by username or email in any case, me, sign out', async () => {
      const name = uniq('Al');
      const reg = await register(name);
      assert.deepEqual(Object.keys(reg).sort(), ['token', 'user']);
      const { user } = reg;
      assert.equal(user.username, name);
      assert.equal(user.email, `${name}@example.org`);
      assert.equal(user.guest, false);
      assert.match(user.createdAt, ISO);
      assert.equal(typeof user.id, 'string');
      for (const k of Object.keys(user))
        assert.ok(['id', 'username', 'email', 'guest', 'createdAt'].includes(k), k);

      for (const login of [name.toUpperCase(), `${name.toLowerCase()}@EXAMPLE.ORG`]) {
        const s = await call('POST', '/api/sessions', {
          body: { login, password: `pw-${name}-123` },
        });
        assert.equal(s.status, 200, s.text);
        assert.equal(s.json.user.id, user.id);
        assert.equal(s.json.token.length, 43);
      }
      const me = await call('GET', '/api/me', { token: reg.token });
      assert.equal(me.status, 200);
      assert.deepEqual(me.json.user, user);

      const out = await call('DELETE', '/api/sessions', { token: reg.token });
      assert.equal(out.status, 204);
      assert.equal(out.text, '');
      const again = await call('GET', '/api/me', { token: reg.token });
      assert.equal(again.status, 401);
      assert.equal(again.json.error.code, 'unauthorized');
    });

    test('guests', async () => {
      const g = await call('POST', '/api/guests', { body: { displayName: 'Zoë 🎉 <b>' } });
      assert.equal(g.status, 201, g.text);
      assert.equal(g.json.user.guest, true);
      assert.equal(g.json.user.username, 'Zoë 🎉 <b>');
      assert.equal('email' in g.json.user, false);
      const twin = await call('POST', '/api/guests', { body: { displayName: 'Zoë 🎉 <b>' } });
      assert.equal(twin.status, 201);
      assert.notEqual(twin.json.user.id, g.json.user.id);
      const me = await call('GET', '/api/me', { token: g.json.token });
      assert.equal(me.json.user.guest, true);
    });

    test('meetings: create, get, join, history, messages, end', async () => {
      const host = await register(uniq('host'));
      const guest = (await call('POST', '/api/guests', { body: { displayName: 'Visitor' } })).json;

      const created = await call('POST', '/api/meetings', {
        token: host.token,
        body: { title: 'Standup', password: 'pass' },
      });
      assert.equal(created.status, 201, created.text);
      const m = created.json.meeting;
      assert.match(m.meetingId, MEETING_ID);
      assert.deepEqual(m, {
        meetingId: m.meetingId,
        title: 'Standup',
        hostId: host.user.id,
        participants: [],
        status: 'active',
        hasPassword: true,
        createdAt: m.createdAt,
        endedAt: null,
      });
      assert.match(m.createdAt, ISO);

      const noBody = await call('POST', '/api/meetings', { token: host.token });
      assert.equal(noBody.status, 201, noBody.text);
      assert.equal(noBody.json.meeting.hasPassword, false);

      const seen = await call('GET', `/api/meetings/${m.meetingId}`, { token: guest.token });
      assert.equal(seen.status, 200);
      assert.equal(seen.json.meeting.meetingId, m.meetingId);

      const j1 = await call('POST', `/api/meetings/${m.meetingId}/join`, {
        token: guest.token,
        body: { password: 'pass' },
      });
      assert.equal(j1.status, 200, j1.text);
      assert.deepEqual(j1.json.meeting.participants, [guest.user.id]);
      const j2 = await call('POST', `/api/meetings/${m.meetingId}/join`, { token: host.token });
      assert.equal(j2.status, 200, 'the host needs no password');
      const j3 = await call('POST', `/api/meetings/${m.meetingId}/join`, {
        token: guest.token,
        body: { password: 'pass' },
      });
      assert.deepEqual(
        j3.json.meeting.participants,
        [guest.user.id, host.user.id],
        'once each, in order of first join',
      );

      const hist = await call('GET', '/api/meetings', { token: host.token });
      assert.equal(hist.status, 200);
      assert.deepEqual(
        hist.json.meetings.map((x) => x.meetingId),
        [noBody.json.meeting.meetingId, m.meetingId],
      );
      const guestHist = await call('GET', '/api/meetings', { token: guest.token });
      assert.deepEqual(
        guestHist.json.meetings.map((x) => x.meetingId),
        [m.meetingId],
      );

      const msgs = await call('GET', `/api/meetings/${m.meetingId}/messages`, {
        token: guest.token,
      });
      assert.equal(msgs.status, 200);
      assert.deepEqual(msgs.json, { messages: [] });

      const ended = await call('POST', `/api/meetings/${m.meetingId}/end`, { token: host.token });
      assert.equal(ended.status, 200, ended.text);
      assert.equal(ended.json.meeting.status, 'ended');
      assert.match(ended.json.meeting.endedAt, ISO);
      const after = await call('GET', `/api/meetings/${m.meetingId}`, { token: guest.token });
      assert.equal(after.json.meeting.status, 'ended');
    });

    test('ice-servers carry TURN REST credentials', async () => {
      const u = await register(uniq('ice'));
      const r = await call('GET', '/api/ice-servers', { token: u.token });
      assert.equal(r.status, 200, r.text);
      const [stun, turn] = r.json.iceServers;
      assert.deepEqual(stun, { urls: ['stun:127.0.0.1:3478'] });
      assert.deepEqual(turn.urls, ['turn:127.0.0.1:3478', 'turns:127.0.0.1:5349']);
      const [expiry, userId] = turn.username.split(':');
      assert.equal(userId, u.user.id);
      const ttl = Number(expiry) - Math.floor(Date.now() / 1000);
      assert.ok(ttl > 590 && ttl <= 601, `ttl ${ttl}`);
      assert.equal(
        turn.credential,
        createHmac('sha1', TURN_SECRET).update(turn.username).digest('base64'),
      );
    });

    test('security headers', async () => {
      for (const [method, path] of [
        ['GET', '/api/me'],
        ['POST', '/api/users'],
        ['GET', '/api/nope'],
        ['GET', '/healthz'],
      ]) {
        const r = await call(method, path, { raw: method === 'POST' ? '{' : undefined });
        assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
        assert.equal(r.headers.get('referrer-policy'), 'no-referrer', path);
        if (path.startsWith('/api')) assert.equal(r.headers.get('cache-control'), 'no-store', path);
        assert.equal(
          r.headers.get('access-control-allow-origin'),
          null,
          'no CORS unless configured',
        );
      }
    });

    test('healthz and metrics', async () => {
      const h = await call('GET', '/healthz');
      assert.equal(h.status, 200);
      const m = await call('GET', '/metrics');
      assert.equal(m.status, 200);
      assert.match(m.headers.get('content-type'), /^text\/plain/);
      assert.match(m.text, /^# TYPE parley_http_requests_total counter$/m);
      assert.match(
        m.text,
        /^parley_http_requests_total\{route="POST \/api\/users",status="2xx"\} [1-9]/m,
      );
    });
  });
}
