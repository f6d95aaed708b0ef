// Durability: create users, meetings, joins and an ended meeting through the API, SIGKILL the
// server, restart it on the same store, and find everything that was acknowledged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { client, uniq } from '../lib/rest.mjs';
import { backends, serverSkip as skip, startServer } from '../lib/servers.mjs';

for (const backend of backends()) {
  describe(`durability (${backend.name})`, { skip }, () => {
    test('everything acknowledged survives SIGKILL', async () => {
      const store = backend.store();
      let server = await startServer({ store });
      let call = client(server);
      const users = [];
      for (let i = 0; i < 5; i++) {
        const name = uniq(`dur${i}`);
        const r = await call('POST', '/api/users', {
          body: { username: name, email: `${name}@example.org`, password: `password-${i}` },
        });
        assert.equal(r.status, 201, r.text);
        users.push({ name, password: `password-${i}`, id: r.json.user.id, token: r.json.token });
      }
      const guest = (await call('POST', '/api/guests', { body: { displayName: 'Durable guest' } }))
        .json;
      const meetings = [];
      for (const u of users) {
        const r = await call('POST', '/api/meetings', {
          token: u.token,
          body: { title: `by ${u.name}`, password: 'pass' },
        });
        assert.equal(r.status, 201);
        meetings.push(r.json.meeting);
      }
      const j = await call('POST', `/api/meetings/${meetings[0].meetingId}/join`, {
        token: guest.token,
        body: { password: 'pass' },
      });
      assert.equal(j.status, 200);
      const e = await call('POST', `/api/meetings/${meetings[1].meetingId}/end`, {
        token: users[1].token,
      });
      assert.equal(e.status, 200);
      const signedOut = await call('DELETE', '/api/sessions', { token: users[2].token });
      assert.equal(signedOut.status, 204);

      const status = await server.kill();
      assert.equal(status.signal, 'SIGKILL');

      server = await server.restart(); // same port and store
      call = client(server);
      try {
        for (const u of users) {
          const s = await call('POST', '/api/sessions', {
            body: { login: u.name, password: u.password },
          });
          assert.equal(s.status, 200, `${u.name} can sign in after the crash: ${s.text}`);
          assert.equal(s.json.user.id, u.id);
        }
        const me = await call('GET', '/api/me', { token: users[0].token });
        assert.equal(me.status, 200, 'tokens survive');
        assert.equal(
          (await call('GET', '/api/me', { token: users[2].token })).status,
          401,
          'revocation survives',
        );
        assert.equal(
          (await call('GET', '/api/me', { token: guest.token })).json.user.username,
          'Durable guest',
        );
        for (const m of meetings) {
          const r = await call('GET', `/api/meetings/${m.meetingId}`, { token: guest.token });
          assert.equal(r.status, 200);
          assert.equal(r.json.meeting.title, m.title);
          assert.equal(r.json.meeting.createdAt, m.createdAt);
        }
        const m0 = await call('GET', `/api/meetings/${meetings[0].meetingId}`, {
          token: guest.token,
        });
        assert.deepEqual(m0.json.meeting.participants, [guest.user.id]);
        const m1 = await call('GET', `/api/meetings/${meetings[1].meetingId}`, {
          token: guest.token,
        });
        assert.equal(m1.json.meeting.status, 'ended');
        const hist = await call('GET', '/api/meetings', { token: guest.token });
        assert.deepEqual(
          hist.json.meetings.map((x) => x.meetingId),
          [meetings[0].meetingId],
        );
      } finally {
        const s = await server.stop();
        assert.equal(s.code, 0, `clean exit on SIGTERM: ${server.tail().join('\n')}`);
      }
    });
  });
}
