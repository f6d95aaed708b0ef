// Recording's signaling and REST end to end without media (docs/recording.md): a real Janus
// and parley-server --janus, publishers with a hand-made offer (Janus answers, ICE never
// completes, so Janus records nothing). Covers who may start, the switch
// to the SFU, the `recording` event (and on join), two recordings in one meeting, the meeting's
// end stopping one, a job that fails with its reason and keeps the raw tracks, a restart after
// kill -9 finishing an open recording, and the REST rules (403 for outsiders, host-only
// delete, 404 for a file not ready). The browser suite (tests/sfu-browser/recording.test.mjs)
// records real media.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  api,
  assertError,
  closeAll,
  connect,
  createMeeting,
  emitAck,
  guest,
  join,
  metrics,
  nextEvent,
  skip,
  until,
} from '../signaling/harness.mjs';
import { fakeOffer, sfuServer } from './janus.mjs';

describe('recording through a real Janus (no media)', { skip }, () => {
  let sfu;
  let server;
  let recDir;
  let restarted; // the server after the kill -9 test's restart
  const sockets = [];

  before(async () => {
    recDir = mkdtempSync(pathJoin(tmpdir(), 'parley-rec-'));
    sfu = await sfuServer(['--recordings-dir', recDir]);
    server = sfu.server;
    await until(async () => (await metrics(server))['parley_sfu_up'] === 1, {
      timeout: 15000,
      what: 'parley_sfu_up 1',
    });
  });
  after(async () => {
    await closeAll(sockets);
    await restarted?.stop();
    await sfu?.stop();
    if (recDir) rmSync(recDir, { recursive: true, force: true });
  });

  const member = async (name = 'guest') => {
    const { token, user } = await guest(server, name);
    const s = await connect(server, token);
    sockets.push(s);
    s.token = token;
    s.userId = user.id;
    return s;
  };

  /** A meeting hosted by a fresh guest, with `n - 1` more members, all joined. */
  const meeting = async (n) => {
    const host = await member('host');
    const m = await createMeeting(server, host.token);
    const all = [host];
    for (let i = 1; i < n; i++) all.push(await member());
    for (const s of all) await join(s, m.meetingId);
    return { id: m.meetingId, all };
  };

  const list = (token, id) => api(server, 'GET', `/api/meetings/${id}/recordings`, { token });

  /** The meeting's recordings once every one has left `recording` and `processing`. */
  const settled = async (token, id, count) => {
    let last;
    await until(
      async () => {
        last = (await list(token, id)).json?.recordings ?? [];
        return (
          last.length === count && last.every((r) => r.status === 'ready' || r.status === 'failed')
        );
      },
      { timeout: 60000, what: `${count} settled recordings: ${JSON.stringify(last)}` },
    );
    return last;
  };

  test('only a host or cohost starts; everyone hears it; a joiner is told; stop settles', async () => {
    const { id, all } = await meeting(2);
    const [host, guestMember] = all;
    assertError(await emitAck(guestMember, 'start-recording'), 'not_host');
    assertError(await emitAck(guestMember, 'stop-recording'), 'not_host');

    // A publisher before the start (the meeting moves to the SFU first: it was a mesh of 2).
    const heard = all.map((s) => nextEvent(s, 'recording', { timeout: 15000 }));
    const topo = all.map((s) => nextEvent(s, 'topology', { timeout: 15000 }));
    const ack = await emitAck(host, 'start-recording', undefined, 15000);
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.equal(ack.recording.active, true);
    assert.match(ack.recording.startedAt, /^\d{4}-\d\d-\d\dT/);
    for (const t of await Promise.all(topo)) assert.equal(t.mode, 'sfu');
    for (const r of await Promise.all(heard)) assert.deepEqual(r, ack.recording);
    const again = await emitAck(host, 'start-recording', undefined, 15000);
    assert.deepEqual(again.recording, ack.recording, 'a second start is the same recording');

    const pub = await emitAck(host, 'sfu-publish', { kind: 'camera', offer: fakeOffer() }, 15000);
    assert.ok(pub.ok, JSON.stringify(pub));

    // The pre-join page reads it from REST; a joiner hears it before its ack, and in it.
    const late = await member('late');
    const meetingInfo = await api(server, 'GET', `/api/meetings/${id}`, { token: late.token });
    assert.deepEqual(meetingInfo.json.meeting.recording, ack.recording);
    const told = nextEvent(late, 'recording');
    const { ack: joinAck } = await join(late, id);
    assert.deepEqual(await told, ack.recording);
    assert.deepEqual(joinAck.recording, ack.recording);
    assert.equal(joinAck.topology.mode, 'sfu', 'a recording meeting stays on the SFU');

    const off = [...all, late].map((s) => nextEvent(s, 'recording', { timeout: 15000 }));
    const stop = await emitAck(host, 'stop-recording', undefined, 15000);
    assert.deepEqual(stop.recording, { active: false, startedAt: null });
    for (const r of await Promise.all(off)) assert.deepEqual(r, { active: false, startedAt: null });

    // No media reached Janus (it opens a publisher's files once its media is up): the job
    // fails, says why, and keeps the recording's folder for a retry.
    const [rec] = await settled(host.token, id, 1);
    assert.equal(rec.status, 'failed', JSON.stringify(rec));
    assert.match(rec.failure, /nothing was recorded/);
    assert.ok(rec.endedAt > rec.startedAt);
    assert.ok(existsSync(pathJoin(recDir, rec.id)), 'the folder stays');
    const file = await api(server, 'GET', `/api/recordings/${rec.id}/file`, { token: host.token });
    assert.equal(file.status, 404, 'a failed recording has no file');
    assert.equal(file.json.error.code, 'not_found');
    // A retry (the host only) runs the job again: `processing`, then the same failure.
    const retry = (token) => api(server, 'POST', `/api/recordings/${rec.id}/retry`, { token });
    const byOther = await retry(all[1].token);
    assert.equal(byOther.status, 403);
    assert.equal(byOther.json.error.code, 'not_host');
    const retried = await retry(host.token);
    assert.equal(retried.status, 202);
    assert.equal(retried.json.recording.status, 'processing');
    assert.equal(retried.json.recording.failure, undefined);
    const [reprocessed] = await settled(host.token, id, 1);
    assert.equal(reprocessed.status, 'failed');
    assert.match(reprocessed.failure, /nothing was recorded/);
    assert.equal(
      (await api(server, 'POST', '/api/recordings/rnope/retry', { token: host.token })).status,
      404,
    );

    // The file without a token needs a signed link (docs/recording.md "Links to the file").
    const bare = await api(server, 'GET', `/api/recordings/${rec.id}/file`);
    assert.equal(bare.status, 401);
    const future = Math.floor(Date.now() / 1000) + 3600;
    const forged = await api(
      server,
      'GET',
      `/api/recordings/${rec.id}/file?expires=${future}&sig=${'A'.repeat(43)}`,
    );
    assert.equal(forged.status, 403);
    assert.equal(forged.json.error.code, 'forbidden');
    const badExpiry = await api(server, 'GET', `/api/recordings/${rec.id}/file?expires=x&sig=y`);
    assert.equal(badExpiry.status, 400);
    assert.equal(badExpiry.json.error.field, 'expires');
  });

  test('two recordings in one meeting; the meeting end stops the second', async () => {
    const { id, all } = await meeting(2);
    const [host] = all;
    for (let i = 0; i < 2; i++) {
      assert.ok((await emitAck(host, 'start-recording', undefined, 15000)).ok);
      if (i === 0) assert.ok((await emitAck(host, 'stop-recording', undefined, 15000)).ok);
    }
    // The second start's `recording` {active: true} may reach the other member after the
    // host's ack: the stop is the first inactive one.
    const stopped = nextEvent(all[1], 'recording', {
      timeout: 15000,
      filter: (e) => e?.active === false,
    });
    const ended = nextEvent(all[1], 'meeting-ended', { timeout: 15000 });
    assert.ok((await emitAck(host, 'end-meeting', undefined, 15000)).ok);
    assert.deepEqual(await stopped, { active: false, startedAt: null });
    await ended;
    const recs = await settled(host.token, id, 2);
    assert.ok(recs[0].startedAt <= recs[1].startedAt);
    for (const r of recs) assert.ok(r.endedAt, JSON.stringify(r));
  });

  test('REST: participants list, outsiders get 403, only the host deletes', async () => {
    const { id, all } = await meeting(2);
    const [host, other] = all;
    assert.ok((await emitAck(host, 'start-recording', undefined, 15000)).ok);
    assert.ok((await emitAck(host, 'stop-recording', undefined, 15000)).ok);
    const [rec] = await settled(other.token, id, 1);
    assert.deepEqual(Object.keys(rec).sort(), [
      'bytes',
      'durationMs',
      'endedAt',
      'failure',
      'id',
      'meetingId',
      'startedAt',
      'status',
    ]);

    const outsider = await guest(server, 'outsider');
    for (const path of [`/api/meetings/${id}/recordings`, `/api/recordings/${rec.id}/file`]) {
      const r = await api(server, 'GET', path, { token: outsider.token });
      assert.equal(r.status, 403, path);
      assert.equal(r.json.error.code, 'forbidden');
    }
    assert.equal((await api(server, 'GET', `/api/meetings/${id}/recordings`)).status, 401);
    assert.equal((await list(host.token, 'zzzz-zzzz-zzzz')).status, 404);
    const unknown = await api(server, 'GET', '/api/recordings/rnope/file', { token: host.token });
    assert.equal(unknown.status, 404);

    const byOther = await api(server, 'DELETE', `/api/recordings/${rec.id}`, {
      token: other.token,
    });
    assert.equal(byOther.status, 403);
    assert.equal(byOther.json.error.code, 'not_host');
    const byOutsider = await api(server, 'DELETE', `/api/recordings/${rec.id}`, {
      token: outsider.token,
    });
    assert.equal(byOutsider.status, 403);
    assert.ok(existsSync(pathJoin(recDir, rec.id)));
    const byHost = await api(server, 'DELETE', `/api/recordings/${rec.id}`, { token: host.token });
    assert.equal(byHost.status, 204);
    assert.equal(existsSync(pathJoin(recDir, rec.id)), false, 'its folder is gone');
    assert.deepEqual((await list(host.token, id)).json.recordings, []);
    const twice = await api(server, 'DELETE', `/api/recordings/${rec.id}`, { token: host.token });
    assert.equal(twice.status, 404);
  });

  test('kill -9 mid-recording: after the restart the recording is finished', async () => {
    const { id, all } = await meeting(2);
    const [host] = all;
    const ack = await emitAck(host, 'start-recording', undefined, 15000);
    assert.ok(ack.ok);
    const open = (await list(host.token, id)).json.recordings;
    assert.equal(open.length, 1);
    assert.equal(open[0].status, 'recording');
    const running = await api(server, 'POST', `/api/recordings/${open[0].id}/retry`, {
      token: host.token,
    });
    assert.equal(running.status, 409, 'nothing to retry while it records');
    assert.equal(running.json.error.code, 'conflict');
    await closeAll(sockets.splice(0));
    await server.kill();
    restarted = server = await server.restart();
    const [rec] = await settled(host.token, id, 1);
    assert.notEqual(rec.status, 'recording');
    assert.ok(rec.endedAt, 'ended when its folder was last written');
  });
});

describe('--recordings-max-bytes', { skip }, () => {
  let sfu;
  let recDir;
  const sockets = [];
  before(async () => {
    recDir = mkdtempSync(pathJoin(tmpdir(), 'parley-rec-full-'));
    writeFileSync(pathJoin(recDir, 'earlier.webm'), Buffer.alloc(2048));
    sfu = await sfuServer(['--recordings-dir', recDir, '--recordings-max-bytes', '1024']);
    await until(async () => (await metrics(sfu.server))['parley_sfu_up'] === 1, {
      timeout: 15000,
      what: 'parley_sfu_up 1',
    });
  });
  after(async () => {
    await closeAll(sockets);
    await sfu?.stop();
    if (recDir) rmSync(recDir, { recursive: true, force: true });
  });

  test('a start is refused once the folder holds the limit, and the meeting goes on', async () => {
    const { token } = await guest(sfu.server, 'host');
    const host = await connect(sfu.server, token);
    sockets.push(host);
    const m = await createMeeting(sfu.server, token);
    await join(host, m.meetingId);
    const ack = await emitAck(host, 'start-recording', undefined, 15000);
    assertError(ack, 'internal_error');
    assert.match(ack.error.message, /full/);
    const list = await api(sfu.server, 'GET', `/api/meetings/${m.meetingId}/recordings`, { token });
    assert.deepEqual(list.json.recordings, []);
    assert.ok((await emitAck(host, 'chat-message', { text: 'still here' })).ok);
  });
});
