// Issue 14's routes over real HTTP and Socket.IO (docs/api.md "Attendance", "Messages",
// "Account settings"): attendance after joins, leaves and rejoins; transcript paging; display
// name, password and account deletion with their errors. Against SQLite, and PostgreSQL when
// configured.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { client, uniq } from '../lib/rest.mjs';
import { backends, serverSkip as skip, useServer } from '../lib/servers.mjs';
import { closeAll, connect, disconnected, emitAck, nextEvent } from '../lib/sio.mjs';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Room for a loaded machine when waiting on what the server pushes. */
const PATIENCE_MS = 30000;

/** emitAck, failing on an error ack. */
async function ask(socket, event, payload) {
  const r = await emitAck(socket, event, payload, PATIENCE_MS);
  if (r?.error) throw new Error(`${event}: ${r.error.code}`);
  return r;
}

for (const backend of backends()) {
  describe(`history and account settings (${backend.name})`, { skip }, () => {
    const server = useServer({ store: backend.store() });
    const call = client(server);
    const sockets = [];
    server.onStop(() => closeAll(sockets));
    const connectAs = async (token) => {
      const s = await connect(server, token);
      sockets.push(s);
      return s;
    };
    const register = async (name = uniq('u'), password = 'password-1') => {
      const r = await call('POST', '/api/users', {
        body: { username: name, email: `${name}@example.org`, password },
      });
      assert.equal(r.status, 201, r.text);
      return { ...r.json, name, password };
    };
    const newMeeting = async (token) =>
      (await call('POST', '/api/meetings', { token })).json.meeting.meetingId;

    test('attendance lists every stay, in order of joining; participants only', async () => {
      const host = await register();
      const ben = await register();
      const cat = await register();
      const outsider = await register();
      const id = await newMeeting(host.token);
      const s = await connectAs(ben.token);
      await ask(s, 'join', { room: id });
      await ask(s, 'leave');
      assert.equal(
        (await call('POST', `/api/meetings/${id}/join`, { token: cat.token })).status,
        200,
      );
      await ask(s, 'join', { room: id });

      const r = await call('GET', `/api/meetings/${id}/attendance`, { token: host.token });
      assert.equal(r.status, 200, r.text);
      const rows = r.json.attendance;
      assert.deepEqual(
        rows.map((a) => [a.userId, a.username]),
        [
          [ben.user.id, ben.name],
          [cat.user.id, cat.name],
          [ben.user.id, ben.name],
        ],
      );
      for (const a of rows) {
        assert.deepEqual(Object.keys(a).sort(), ['joinedAt', 'leftAt', 'userId', 'username']);
        assert.match(a.joinedAt, ISO);
      }
      assert.match(rows[0].leftAt, ISO);
      assert.ok(rows[0].leftAt >= rows[0].joinedAt);
      assert.ok(rows[2].joinedAt >= rows[0].leftAt);
      assert.equal(rows[1].leftAt, null);
      assert.equal(rows[2].leftAt, null);
      // A participant reads it too; anyone else is refused.
      const byCat = await call('GET', `/api/meetings/${id}/attendance`, { token: cat.token });
      assert.deepEqual(byCat.json, r.json);
      const refused = await call('GET', `/api/meetings/${id}/attendance`, {
        token: outsider.token,
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.code, 'forbidden');
      for (const [path, status, code] of [
        ['/api/meetings/zzzz-zzzz-zzzz/attendance', 404, 'not_found'],
        ['/api/meetings/not-an-id/attendance', 404, 'not_found'],
      ]) {
        const e = await call('GET', path, { token: host.token });
        assert.equal(e.status, status, path);
        assert.equal(e.json.error.code, code, path);
      }
      const anon = await call('GET', `/api/meetings/${id}/attendance`);
      assert.equal(anon.status, 401);
      assert.equal(anon.json.error.code, 'unauthorized');

      // Ending the meeting closes the stays still open at its end.
      const ended = await call('POST', `/api/meetings/${id}/end`, { token: host.token });
      const after = (await call('GET', `/api/meetings/${id}/attendance`, { token: host.token }))
        .json.attendance;
      assert.equal(after[1].leftAt, ended.json.meeting.endedAt);
      assert.equal(after[2].leftAt, ended.json.meeting.endedAt);
      assert.equal(after[0].leftAt, rows[0].leftAt);
    });

    test('the transcript pages back with before and limit', async () => {
      const host = await register();
      const id = await newMeeting(host.token);
      const s = await connectAs(host.token);
      await ask(s, 'join', { room: id });
      for (let i = 0; i < 7; i++) await ask(s, 'chat-message', { text: `m${i}` });
      const path = `/api/meetings/${id}/messages`;
      const texts = (r) => r.json.messages.map((m) => m.text);

      const all = await call('GET', path, { token: host.token });
      assert.deepEqual(texts(all), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
      const last = await call('GET', `${path}?limit=3`, { token: host.token });
      assert.deepEqual(texts(last), ['m4', 'm5', 'm6']);
      const older = await call('GET', `${path}?before=${last.json.messages[0].id}&limit=3`, {
        token: host.token,
      });
      assert.deepEqual(texts(older), ['m1', 'm2', 'm3']);
      const first = await call('GET', `${path}?limit=3&before=${older.json.messages[0].id}`, {
        token: host.token,
      });
      assert.deepEqual(texts(first), ['m0']);
      const none = await call('GET', `${path}?before=${first.json.messages[0].id}`, {
        token: host.token,
      });
      assert.deepEqual(none.json, { messages: [] });

      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=501', 'limit'],
        ['limit=abc', 'limit'],
        ['limit=', 'limit'],
        ['limit=99999999999999999999', 'limit'],
        ['before=0', 'before'],
        ['before=-3', 'before'],
        ['before=1.5', 'before'],
      ]) {
        const e = await call('GET', `${path}?${query}`, { token: host.token });
        assert.equal(e.status, 400, query);
        assert.equal(e.json.error.code, 'invalid_field', query);
        assert.equal(e.json.error.field, field, query);
      }
      const outsider = await register();
      const refused = await call('GET', `${path}?limit=3`, { token: outsider.token });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.code, 'forbidden');
    });

    test('PATCH /api/me changes the name others see', async () => {
      const me = await register();
      const other = await register();
      const newName = uniq('renamed');
      const r = await call('PATCH', '/api/me', {
        token: me.token,
        body: { displayName: newName },
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.user.username, newName);
      assert.equal(r.json.user.id, me.user.id);
      assert.equal((await call('GET', '/api/me', { token: me.token })).json.user.username, newName);
      const signIn = await call('POST', '/api/sessions', {
        body: { login: newName.toUpperCase(), password: me.password },
      });
      assert.equal(signIn.status, 200, signIn.text);
      const guest = (await call('POST', '/api/guests', { body: { displayName: 'Guest' } })).json;
      const g = await call('PATCH', '/api/me', {
        token: guest.token,
        body: { displayName: 'Zoë from accounts' },
      });
      assert.equal(g.status, 200, g.text);
      assert.equal(g.json.user.username, 'Zoë from accounts');

      for (const [label, opts, status, code, field] of [
        ['taken', { body: { displayName: other.name.toUpperCase() } }, 409, 'username_taken'],
        [
          'bad characters',
          { body: { displayName: 'has spaces' } },
          400,
          'invalid_field',
          'displayName',
        ],
        ['missing', { body: {} }, 400, 'invalid_field', 'displayName'],
        ['not a string', { body: { displayName: 7 } }, 400, 'invalid_field', 'displayName'],
        ['not JSON', { raw: '{' }, 400, 'invalid_json'],
      ]) {
        const e = await call('PATCH', '/api/me', { token: me.token, ...opts });
        assert.equal(e.status, status, label);
        assert.equal(e.json.error.code, code, label);
        assert.equal(e.json.error.field, field, label);
      }
      const blank = await call('PATCH', '/api/me', {
        token: guest.token,
        body: { displayName: '   ' },
      });
      assert.equal(blank.json.error.code, 'invalid_field');
      const anon = await call('PATCH', '/api/me', { body: { displayName: 'x' } });
      assert.equal(anon.status, 401);
    });

    test('POST /api/me/password needs the old one and revokes every other token', async () => {
      const me = await register();
      const second = (
        await call('POST', '/api/sessions', { body: { login: me.name, password: me.password } })
      ).json.token;
      const s = await connectAs(second);
      const path = '/api/me/password';

      for (const [label, body, status, code, field] of [
        [
          'wrong old',
          { oldPassword: 'nope-nope', newPassword: 'password-2' },
          401,
          'invalid_credentials',
        ],
        [
          'short new',
          { oldPassword: me.password, newPassword: 'short' },
          400,
          'invalid_field',
          'newPassword',
        ],
        ['missing old', { newPassword: 'password-2' }, 400, 'invalid_field', 'oldPassword'],
      ]) {
        const e = await call('POST', path, { token: me.token, body });
        assert.equal(e.status, status, label);
        assert.equal(e.json.error.code, code, label);
        assert.equal(e.json.error.field, field, label);
      }
      const gone = disconnected(s, PATIENCE_MS);
      const ok = await call('POST', path, {
        token: me.token,
        body: { oldPassword: me.password, newPassword: 'password-2' },
      });
      assert.equal(ok.status, 204, ok.text);
      assert.equal(await gone, 'io server disconnect');
      assert.equal((await call('GET', '/api/me', { token: second })).status, 401);
      assert.equal((await call('GET', '/api/me', { token: me.token })).status, 200);
      const oldLogin = await call('POST', '/api/sessions', {
        body: { login: me.name, password: me.password },
      });
      assert.equal(oldLogin.status, 401);
      const newLogin = await call('POST', '/api/sessions', {
        body: { login: me.name, password: 'password-2' },
      });
      assert.equal(newLogin.status, 200);

      const guest = (await call('POST', '/api/guests', { body: { displayName: 'G' } })).json;
      const g = await call('POST', path, {
        token: guest.token,
        body: { oldPassword: 'password-1', newPassword: 'password-2' },
      });
      assert.equal(g.status, 403);
      assert.equal(g.json.error.code, 'forbidden');
    });

    test('wrong old passwords count against the login limiter', async () => {
      const me = await register();
      const body = { oldPassword: 'wrong-password', newPassword: 'password-2' };
      for (let i = 0; i < 5; i++) {
        const r = await call('POST', '/api/me/password', { token: me.token, body });
        assert.equal(r.status, 401, `attempt ${i + 1}`);
      }
      const limited = await call('POST', '/api/me/password', {
        token: me.token,
        body: { ...body, oldPassword: me.password },
      });
      assert.equal(limited.status, 429);
      assert.equal(limited.json.error.code, 'rate_limited');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    });

    test('DELETE /api/me keeps the chat under "deleted user" and ends hosted meetings', async () => {
      const me = await register();
      const friend = await register();
      const id = await newMeeting(me.token);
      const mine = await connectAs(me.token);
      await ask(mine, 'join', { room: id });
      await ask(mine, 'chat-message', { text: 'bye all' });
      const theirs = await connectAs(friend.token);
      await ask(theirs, 'join', { room: id });
      const ended = nextEvent(theirs, 'meeting-ended', { timeout: PATIENCE_MS });
      const kicked = disconnected(mine, PATIENCE_MS);

      const r = await call('DELETE', '/api/me', { token: me.token });
      assert.equal(r.status, 204, r.text);
      assert.deepEqual(await ended, { meetingId: id });
      assert.equal(await kicked, 'io server disconnect');
      assert.equal((await call('GET', '/api/me', { token: me.token })).status, 401);
      const login = await call('POST', '/api/sessions', {
        body: { login: me.name, password: me.password },
      });
      assert.equal(login.status, 401);

      const chat = await call('GET', `/api/meetings/${id}/messages`, { token: friend.token });
      assert.deepEqual(
        chat.json.messages.map((m) => [m.userId, m.username, m.text]),
        [[me.user.id, 'deleted user', 'bye all']],
      );
      const meeting = await call('GET', `/api/meetings/${id}`, { token: friend.token });
      assert.equal(meeting.json.meeting.status, 'ended');
      const att = await call('GET', `/api/meetings/${id}/attendance`, { token: friend.token });
      assert.equal(att.json.attendance[0].username, 'deleted user');
      assert.ok(att.json.attendance.every((a) => a.leftAt !== null));
      // The username is free again.
      assert.equal((await register(me.name)).user.username, me.name);
      assert.equal((await call('DELETE', '/api/me')).status, 401);
    });
  });
}
