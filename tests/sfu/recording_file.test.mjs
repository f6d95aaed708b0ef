// Recording's disk rules and file streaming end to end (docs/recording.md "Disk space" and
// "REST"), with a real Janus and no media: a recording stops by itself once its folder passes
// --recordings-max-bytes (the test fills the folder), says why, and the meeting goes on; a
// ready recording's file (a 32 MiB stand-in written into its folder, the row made `ready` in
// the SQLite store) is streamed whole and in ranges without the server's memory growing by
// the file's size.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  api,
  closeAll,
  connect,
  createMeeting,
  emitAck,
  guest,
  join,
  metrics,
  nextEvent,
  rssKiB,
  skip,
  until,
} from '../signaling/harness.mjs';
import { sfuServer } from './janus.mjs';

/** A recordings folder, a Janus and a server on a SQLite store the test may edit. */
function recordingServer(extraArgs = []) {
  const ctx = { sockets: [] };
  before(async () => {
    ctx.recDir = mkdtempSync(pathJoin(tmpdir(), 'parley-rec-file-'));
    ctx.dbDir = mkdtempSync(pathJoin(tmpdir(), 'parley-rec-db-'));
    ctx.sfu = await sfuServer(['--recordings-dir', ctx.recDir, ...extraArgs], {
      store: `sqlite:${ctx.dbDir}/parley.db`,
    });
    ctx.server = ctx.sfu.server;
    await until(async () => (await metrics(ctx.server))['parley_sfu_up'] === 1, {
      timeout: 15000,
      what: 'parley_sfu_up 1',
    });
  });
  after(async () => {
    await closeAll(ctx.sockets);
    await ctx.sfu?.stop();
    for (const d of [ctx.recDir, ctx.dbDir]) if (d) rmSync(d, { recursive: true, force: true });
  });
  ctx.member = async (name) => {
    const { token } = await guest(ctx.server, name);
    const s = await connect(ctx.server, token);
    ctx.sockets.push(s);
    s.token = token;
    return s;
  };
  ctx.recordings = async (token, id) =>
    (await api(ctx.server, 'GET', `/api/meetings/${id}/recordings`, { token })).json.recordings;
  return ctx;
}

describe('a recording stops when its folder reaches --recordings-max-bytes', { skip }, () => {
  const ctx = recordingServer(['--recordings-max-bytes', '300000']);

  test('it stops by itself, the host hears why, the meeting goes on', async () => {
    const host = await ctx.member('host');
    const other = await ctx.member('other');
    const m = await createMeeting(ctx.server, host.token);
    for (const s of [host, other]) await join(s, m.meetingId);
    const ack = await emitAck(host, 'start-recording', undefined, 15000);
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const [rec] = await ctx.recordings(host.token, m.meetingId);
    assert.equal(rec.status, 'recording');

    const heard = [host, other].map((s) => nextEvent(s, 'recording', { timeout: 20000 }));
    // What Janus would write, faster: the folder passes the limit.
    writeFileSync(pathJoin(ctx.recDir, rec.id, 'filler.bin'), Buffer.alloc(400000));
    for (const r of await Promise.all(heard)) {
      assert.equal(r.active, false);
      assert.equal(r.startedAt, null);
      assert.match(r.reason, /size limit/);
    }
    assert.ok((await emitAck(host, 'chat-message', { text: 'still here' })).ok);
    await until(
      async () => (await ctx.recordings(host.token, m.meetingId))[0].status !== 'recording',
      { timeout: 30000, what: 'the recording left `recording`' },
    );
    // Over the limit now: a new start is refused, as before.
    const again = await emitAck(host, 'start-recording', undefined, 15000);
    assert.equal(again.error?.code, 'internal_error', JSON.stringify(again));
  });
});

/** GET over a keep-alive agent; samples the server's RSS every MiB received. */
function get(server, agent, path, headers) {
  const lib = server.url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(`${server.url}${path}`, { agent, headers }, (res) => {
      const parts = [];
      let got = 0;
      let sampledAt = 0;
      let maxRss = rssKiB(server.pid);
      res.on('data', (b) => {
        parts.push(b);
        got += b.length;
        if (got - sampledAt >= 1 << 20) {
          sampledAt = got;
          maxRss = Math.max(maxRss, rssKiB(server.pid));
        }
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          body: Buffer.concat(parts),
          maxRss,
          reused: req.reusedSocket,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const sha = (b) => createHash('sha256').update(b).digest('hex');

describe('a ready recording is streamed', { skip }, () => {
  const ctx = recordingServer();

  test('whole and ranged GETs: bytes, headers, keep-alive, bounded memory', async () => {
    const host = await ctx.member('host');
    const m = await createMeeting(ctx.server, host.token);
    await join(host, m.meetingId);
    assert.ok((await emitAck(host, 'start-recording', undefined, 15000)).ok);
    assert.ok((await emitAck(host, 'stop-recording', undefined, 15000)).ok);
    let rec;
    await until(
      async () => {
        [rec] = await ctx.recordings(host.token, m.meetingId);
        return rec.status === 'failed';
      },
      { timeout: 60000, what: 'the media-less recording failed' },
    );
    // A stand-in for the composed file, and the row made ready as the worker would.
    const size = 32 << 20;
    const file = randomBytes(size);
    writeFileSync(pathJoin(ctx.recDir, rec.id, 'recording.webm'), file);
    execFileSync('sqlite3', [
      '-cmd',
      '.timeout 10000',
      `${ctx.dbDir}/parley.db`,
      `UPDATE recordings SET status='ready', failure='', bytes=${size}, duration_ms=1000 WHERE id='${rec.id}'`,
    ]);

    const agent = new (ctx.server.url.startsWith('https:') ? https : http).Agent({
      keepAlive: true,
      maxSockets: 1,
    });
    const auth = { authorization: `Bearer ${host.token}` };
    const before = rssKiB(ctx.server.pid);
    const whole = await get(ctx.server, agent, `/api/recordings/${rec.id}/file`, auth);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['content-type'], 'video/webm');
    assert.equal(whole.headers['content-length'], String(size));
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    assert.equal(whole.headers['x-content-type-options'], 'nosniff');
    assert.equal(whole.headers['cache-control'], 'no-store');
    assert.equal(sha(whole.body), sha(file));
    const grown = whole.maxRss - before;
    console.log(
      `# RSS ${before} KiB before, at most ${whole.maxRss} KiB while serving ${size >> 10} KiB`,
    );
    assert.ok(grown < size / 1024 / 4, `RSS grew by ${grown} KiB serving ${size >> 10} KiB`);

    // A part larger than 8 MiB is served whole; on the same connection.
    const [first, last] = [1000, 20_000_000];
    const part = await get(ctx.server, agent, `/api/recordings/${rec.id}/file`, {
      ...auth,
      range: `bytes=${first}-${last}`,
    });
    assert.equal(part.reused, true, 'keep-alive after a streamed body');
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes ${first}-${last}/${size}`);
    assert.equal(part.headers['content-length'], String(last - first + 1));
    assert.equal(sha(part.body), sha(file.subarray(first, last + 1)));
    assert.ok(part.maxRss - before < size / 1024 / 4, `RSS ${part.maxRss} KiB`);

    const tail = await get(ctx.server, agent, `/api/recordings/${rec.id}/file`, {
      ...auth,
      range: 'bytes=-1000',
    });
    assert.equal(tail.status, 206);
    assert.equal(tail.headers['content-range'], `bytes ${size - 1000}-${size - 1}/${size}`);
    assert.deepEqual(tail.body, file.subarray(size - 1000));
    const past = await get(ctx.server, agent, `/api/recordings/${rec.id}/file`, {
      ...auth,
      range: `bytes=${size}-`,
    });
    assert.equal(past.status, 416);
    assert.equal(past.headers['content-range'], `bytes */${size}`);
    agent.destroy();
  });
});
