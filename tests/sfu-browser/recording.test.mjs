// Recording with real media (docs/recording.md): three people on the SFU (Chromium's fake
// camera clip and microphone; --sfu-threshold 0, so that the 10 s are not spent switching: the
// switch from the mesh is checked in tests/sfu/recording.test.mjs), the host starts recording
// from the room, Janus records everyone, one person leaves halfway, the host stops after 10 s, and
// the background job makes one WebM: ffprobe reads its duration (10 s ± 1 s), one VP8 stream of
// the canvas's size and one Opus stream; volumedetect finds sound; frames sampled from the file
// show three cameras in a grid in the first half and two side by side in the second; the file
// is served with Range requests. Then the history page plays it through its signed link and
// offers it for download. Then a second recording, during which the host shares her screen
// (shown large above a strip of the cameras) and whose server is killed (-9) midway, and a
// third whose server is stopped with SIGTERM midway, are each processed to `ready` after a
// restart.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { autojoin, byTestId, pollPage, selfUserId, socketIdOf } from '../browser/lib/meeting.mjs';
import { newParticipant } from '../browser/lib/browser.mjs';
import { sleep } from '../lib/process.mjs';
import { api, createMeeting, guest, registerUser } from '../lib/rest.mjs';
import { joinOne, leave, waitForMediaVia, waitTopology } from './lib/media.mjs';
import { recordingSkipReason, useSfuRig } from './lib/rig.mjs';

const skip = recordingSkipReason();
const recDir = skip ? '' : mkdtempSync(join(tmpdir(), 'parley-rec-'));

/** The `.mjr` files in a recording's folder: `[{name, bytes}]` (none if it is not there). */
function trackFiles(id) {
  const dir = join(recDir, id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.mjr'))
    .map((name) => ({ name, bytes: statSync(join(dir, name)).size }));
}

/** Waits until the recording `id` has media on disk (more than 20 KB of tracks in its folder). */
async function untilTracksWritten(id, timeout = 30000) {
  const deadline = Date.now() + timeout;
  const bytes = () => trackFiles(id).reduce((sum, f) => sum + f.bytes, 0);
  while (bytes() <= 20000) {
    assert.ok(Date.now() < deadline, `Janus wrote no track of ${id} within ${timeout} ms`);
    await sleep(200);
  }
}

/** A server's log lines about recordings (and its warnings and errors), one per line. */
function recordingLogs(logs) {
  return logs
    .filter((l) => l.raw || /record|janus|sfu/i.test(l.event ?? '') || l.level !== 'info')
    .map((l) => l.raw ?? JSON.stringify(l))
    .join('\n');
}

/** The last lines of the rig's Janus log. */
function janusLogTail(janus, lines = 60) {
  try {
    return readFileSync(join(janus.dir, 'janus.log'), 'utf8').split('\n').slice(-lines).join('\n');
  } catch (e) {
    return String(e);
  }
}

const RECORD_MS = 10000;

const W = 1280; // the composed file's canvas (docs/recording.md "Processing: the layout")
const H = 720;

/** The frame at `seconds` in `file`, 8-bit gray, W x H. */
function frameAt(file, seconds) {
  return execFileSync(
    'ffmpeg',
    ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1'].concat([
      '-vf',
      'format=gray',
      '-f',
      'rawvideo',
      '-',
    ]),
    { maxBuffer: 4 << 20 },
  );
}

/** Standard deviation of a region's pixels: the uniform background is ~0, a camera is not. */
function spread(frame, { x, y, w, h }) {
  let sum = 0;
  let sq = 0;
  for (let r = y; r < y + h; r++)
    for (let c = x; c < x + w; c++) {
      const v = frame[r * W + c];
      sum += v;
      sq += v * v;
    }
  const n = w * h;
  return Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2));
}

// The boxes of docs/recording.md "Processing: the layout" with the 16:9 test clip fitted in:
// three cameras in a 2x2 grid (the third centred in the last row, so the bottom corners stay
// empty), two side by side (each 640x360, centred in its 640x720 half, so the top and bottom
// 180 rows stay empty).
const threeTiles = [
  { x: 0, y: 0, w: 640, h: 360 },
  { x: 640, y: 0, w: 640, h: 360 },
  { x: 320, y: 360, w: 640, h: 360 },
];
const twoTiles = [
  { x: 0, y: 180, w: 640, h: 360 },
  { x: 640, y: 180, w: 640, h: 360 },
];
const threeEmpty = [
  { x: 0, y: 360, w: 320, h: 360 },
  { x: 960, y: 360, w: 320, h: 360 },
];
const twoEmpty = [
  { x: 0, y: 0, w: W, h: 180 },
  { x: 0, y: 540, w: W, h: 180 },
];

describe('recording a meeting with real media', { skip }, () => {
  const rig = useSfuRig({ serverArgs: ['--recordings-dir', recDir, '--sfu-threshold', '0'] });
  let host, meeting, alice, bob, carol;
  // t0: the host sees the recording on; it started (the server's startedAt) between the
  // confirm click and t0, `slack` seconds apart at most (long on a loaded machine); the same
  // for the stop, whose slack is added once it is known.
  let t0, slack, leftAt, stoppedAt;
  /** The first recording's length (ms) as it may be: 10 s, later by the slack, ± 1 s. */
  const within = (ms) => ms >= RECORD_MS - 1000 && ms <= RECORD_MS + slack * 1000 + 1000;

  before(async () => {
    host = await registerUser(rig.server.url, { prefix: 'alice' });
    meeting = await createMeeting(rig.server.url, host.token, { title: 'Recorded' });
    alice = await newParticipant(rig.chrome.browser, rig.server.url, {
      name: 'Alice',
      viewport: { width: 960, height: 540 },
    });
    await alice.page.goto(`${rig.server.url}/`);
    await alice.page.evaluate(
      (value) => localStorage.setItem('parley.session', JSON.stringify(value)),
      { token: host.token, user: host.user },
    );
    await autojoin(alice.page, rig.server.url, meeting.meetingId, 'Alice');
    alice.userId = await selfUserId(alice.page);
    alice.socketId = await socketIdOf(alice.page);
    bob = await joinOne(rig, meeting, 'Bob');
    carol = await joinOne(rig, meeting, 'Carol');
    for (const p of [alice, bob, carol]) {
      await waitTopology(p.page, 'sfu');
      const others = [alice, bob, carol].filter((o) => o !== p).map((o) => o.socketId);
      await waitForMediaVia(p.page, others, 'sfu');
    }
  });
  after(() => {
    if (recDir) rmSync(recDir, { recursive: true, force: true });
  });

  /**
   * The meeting's recordings once there are `count` and the last is neither running nor queued
   * (with `running`, once the last is there at all).
   */
  async function settledRecordings(count, { running = false } = {}) {
    let recs = [];
    const deadline = Date.now() + 180000;
    while (Date.now() < deadline) {
      const r = await api(rig.server, 'GET', `/api/meetings/${meeting.meetingId}/recordings`, {
        token: host.token,
      });
      recs = r.json?.recordings ?? [];
      const last = recs[count - 1];
      const settled = running || (last?.status !== 'recording' && last?.status !== 'processing');
      if (recs.length === count && settled) break;
      await sleep(1000);
    }
    return recs;
  }

  it('a participant has no record button; the host confirms, naming who is recorded', async () => {
    await alice.page.waitForSelector(byTestId('record-button'));
    assert.equal(await bob.page.$(byTestId('record-button')), null);
    await alice.page.click(byTestId('record-button'));
    const text = await alice.page.textContent(byTestId('record-confirm-text'));
    assert.match(text, /Bob/);
    assert.match(text, /Carol/);
    const clicked = Date.now();
    await alice.page.click(byTestId('confirm-record'));
    await alice.page.waitForSelector(byTestId('recording-indicator'), { timeout: 20000 });
    t0 = Date.now();
    slack = (t0 - clicked) / 1000;
    for (const p of [alice, bob, carol])
      await p.page.waitForSelector(byTestId('recording-indicator'), { timeout: 20000 });
  });

  it('records while Carol leaves halfway; the host stops after 10 s', async () => {
    await sleep(Math.max(0, t0 + RECORD_MS / 2 - Date.now()));
    leftAt = (Date.now() - t0) / 1000;
    await leave(carol);
    await sleep(Math.max(0, t0 + RECORD_MS - Date.now()));
    stoppedAt = Date.now();
    await alice.page.click(byTestId('record-button'));
    for (const p of [alice, bob])
      await p.page.waitForSelector(byTestId('recording-indicator'), {
        state: 'detached',
        timeout: 20000,
      });
    const stopSlack = (Date.now() - stoppedAt) / 1000;
    console.log(
      `# recording on after ${slack.toFixed(1)} s; Carol left at ${leftAt.toFixed(1)} s; ` +
        `stopped at ${(stoppedAt - t0) / 1000} s`,
    );
    assert.ok(leftAt + slack < RECORD_MS / 1000 - 2, 'Carol left early enough to be seen gone');
    slack += stopSlack; // the file's length may exceed 10 s by both
  });

  it('becomes one ready WebM: 10 s, one VP8 grid, one Opus stream with sound', async () => {
    let rec;
    const deadline = Date.now() + 240000;
    while (Date.now() < deadline) {
      const r = await api(rig.server, 'GET', `/api/meetings/${meeting.meetingId}/recordings`, {
        token: host.token,
      });
      rec = r.json.recordings[0];
      if (rec && rec.status !== 'recording' && rec.status !== 'processing') break;
      await sleep(1000);
    }
    console.log(`# processed ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s after the stop`);
    assert.equal(rec?.status, 'ready', JSON.stringify(rec));
    assert.ok(within(rec.durationMs), `durationMs ${rec.durationMs} (slack ${slack} s)`);

    const file = await fetch(`${rig.server.url}/api/recordings/${rec.id}/file`, {
      headers: { authorization: `Bearer ${host.token}` },
    });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'video/webm');
    assert.equal(file.headers.get('accept-ranges'), 'bytes');
    const bytes = Buffer.from(await file.arrayBuffer());
    assert.equal(bytes.length, rec.bytes);
    const path = join(recDir, 'download.webm');
    writeFileSync(path, bytes);

    // Range requests: what a player's seek sends.
    const part = await fetch(`${rig.server.url}/api/recordings/${rec.id}/file`, {
      headers: { authorization: `Bearer ${host.token}`, range: 'bytes=100-199' },
    });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-199/${rec.bytes}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(100, 200));
    const past = await fetch(`${rig.server.url}/api/recordings/${rec.id}/file`, {
      headers: { authorization: `Bearer ${host.token}`, range: `bytes=${rec.bytes}-` },
    });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), `bytes */${rec.bytes}`);

    // The list's signed link opens the file without a token (what <video> and a download
    // link use); changing its expiry breaks the signature.
    assert.match(rec.fileUrl, /^\/api\/recordings\/r\w+\/file\?expires=\d+&sig=[\w-]{43}$/);
    const linked = await fetch(`${rig.server.url}${rec.fileUrl}&download=1`, {
      headers: { range: 'bytes=0-99' },
    });
    assert.equal(linked.status, 206);
    assert.deepEqual(Buffer.from(await linked.arrayBuffer()), bytes.subarray(0, 100));
    assert.match(
      linked.headers.get('content-disposition'),
      /^attachment; filename="parley-.*\.webm"$/,
    );
    const stretched = rec.fileUrl.replace(/expires=(\d+)/, (_, e) => `expires=${Number(e) + 60}`);
    assert.equal((await fetch(`${rig.server.url}${stretched}`)).status, 403);

    // Someone who never joined may not fetch it.
    const outsider = await guest(rig.server, 'outsider');
    const denied = await api(rig.server, 'GET', `/api/recordings/${rec.id}/file`, {
      token: outsider.token,
    });
    assert.equal(denied.status, 403);
    // (Every request is made before the synchronous ffmpeg runs below: they block the event
    // loop, and a pooled keep-alive socket the server closed meanwhile would fail a fetch.)

    const probe = JSON.parse(
      execFileSync(
        'ffprobe',
        ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path],
        {
          encoding: 'utf8',
        },
      ),
    );
    const duration = Number(probe.format.duration);
    assert.ok(within(duration * 1000), `duration ${duration}`);
    const video = probe.streams.filter((s) => s.codec_type === 'video');
    const audio = probe.streams.filter((s) => s.codec_type === 'audio');
    assert.equal(video.length, 1);
    assert.equal(audio.length, 1);
    assert.equal(video[0].codec_name, 'vp8');
    assert.equal(audio[0].codec_name, 'opus');
    // The fixed canvas (docs/recording.md "Processing: the layout").
    assert.equal(`${video[0].width}x${video[0].height}`, `${W}x${H}`);

    const report = execFileSync(
      'sh',
      [
        '-c',
        `ffmpeg -i '${path}' -af volumedetect -f null - 2>&1 | grep -E 'mean_volume|max_volume'`,
      ],
      { encoding: 'utf8' },
    );
    const mean = Number(/mean_volume: (-?[\d.]+)/.exec(report)?.[1]);
    const max = Number(/max_volume: (-?[\d.]+)/.exec(report)?.[1]);
    console.log(`# volume: mean ${mean} dB, max ${max} dB`);
    assert.ok(max > -40, `the mix is not silent (max ${max} dB)`);

    // The layout follows who is present: three tiles while Carol is there, then two, with
    // the empty bands above and below them (where the 2x2 grid had pictures).
    const seen = [];
    for (let t = 0.5; t < duration - 0.3; t += 0.5) {
      const frame = frameAt(path, t);
      const lit = (boxes) => boxes.filter((b) => spread(frame, b) > 15).length;
      const empty = (boxes) => boxes.every((b) => spread(frame, b) < 5);
      const [lit3, lit2] = [lit(threeTiles), lit(twoTiles)];
      const [empty3, empty2] = [empty(threeEmpty), empty(twoEmpty)];
      const three = lit3 === 3 && empty3;
      const two = lit2 === 2 && empty2;
      // What a frame that is neither shows: tiles lit of each layout, and whether its empty
      // places are empty.
      const detail = `(${lit3}${empty3 ? '' : '+'}/${lit2}${empty2 ? '' : '+'})`;
      seen.push({ t, three, two, detail });
    }
    console.log(
      `# layout seen (3: 2x2 grid, 2: side by side; ?(lit of 3/lit of 2, + where an empty ` +
        `place is not)): ${seen
          .map((s) => `${s.t}:${s.three ? 3 : s.two ? 2 : `?${s.detail}`}`)
          .join(' ')}`,
    );
    assert.ok(
      seen.some((s) => s.t < leftAt && s.three && !s.two),
      'the three cameras fill a 2x2 grid before Carol left',
    );
    // In the file, she left between leftAt and leftAt + slack.
    const afterLeaving = seen.filter((s) => s.t > leftAt + slack + 1.5);
    assert.ok(afterLeaving.length > 0);
    assert.ok(
      afterLeaving.every((s) => s.two && !s.three),
      'after she left, two cameras side by side and nothing above or below them',
    );
  });

  it('plays on the history page, with a download link; only the host may delete', async () => {
    const page = await alice.page.context().newPage();
    try {
      await page.goto(`${rig.server.url}/meetings/${meeting.meetingId}`);
      const item = `${byTestId('recording-item')}[data-status="ready"]`;
      await page.waitForSelector(item, { timeout: 20000 });
      // The player opens the file through the list's signed link (no token on a <video>).
      const player = await pollPage(
        page,
        () => {
          const v = document.querySelector('[data-testid="recording-player"]');
          return v && v.readyState >= 1 && { duration: v.duration, error: v.error?.code ?? null };
        },
        null,
        { timeout: 20000, what: "the player's metadata" },
      );
      assert.equal(player.error, null);
      assert.ok(within(player.duration * 1000), `duration ${player.duration}`);
      await page.$eval(byTestId('recording-player'), (v) => {
        v.muted = true;
        void v.play();
      });
      await pollPage(
        page,
        () => document.querySelector('[data-testid="recording-player"]').currentTime > 1,
        null,
        { timeout: 20000, what: 'playback past 1 s' },
      );
      const href = await page.getAttribute(byTestId('recording-download'), 'href');
      const download = await fetch(new URL(href, rig.server.url), { method: 'GET' });
      assert.equal(download.status, 200);
      assert.match(download.headers.get('content-disposition'), /^attachment/);
      await download.body.cancel();
      assert.ok(await page.$(byTestId('recording-delete')), 'the host can delete');
    } finally {
      await page.close();
    }
    const bobPage = await bob.page.context().newPage();
    try {
      await bobPage.goto(`${rig.server.url}/meetings/${meeting.meetingId}`);
      await bobPage.waitForSelector(byTestId('recording-player'), { timeout: 20000 });
      assert.equal(await bobPage.$(byTestId('recording-delete')), null, 'a participant cannot');
    } finally {
      await bobPage.close();
    }
  });

  it('kill -9 mid-recording: after the restart the recording is processed and ready, its screen share large', async () => {
    // docs/recording.md "After a crash": Alice and Bob are still in the room, on the SFU.
    // Alice shares her screen while it records: the layout puts it above a strip of the two
    // cameras (docs/recording.md "Processing: the layout").
    await alice.page.click(byTestId('record-button'));
    await alice.page.click(byTestId('confirm-record'));
    await alice.page.waitForSelector(byTestId('recording-indicator'), { timeout: 20000 });
    await alice.page.click(byTestId('share-screen'));
    await alice.page.waitForSelector(`${byTestId('share-screen')}[aria-pressed="true"]`, {
      timeout: 20000,
    });
    await sleep(6000);
    // She stops sharing before the kill, so that the restarted room is as the next test expects.
    await alice.page.click(byTestId('share-screen'));
    await alice.page.waitForSelector(`${byTestId('share-screen')}[aria-pressed="false"]`, {
      timeout: 20000,
    });
    await rig.server.kill();
    rig.server = await rig.server.restart();
    const recs = await settledRecordings(2);
    assert.equal(recs[1]?.status, 'ready', JSON.stringify(recs));
    assert.ok(recs[1].durationMs >= 4000, `what was written is kept: ${recs[1].durationMs} ms`);

    const file = await fetch(`${rig.server.url}/api/recordings/${recs[1].id}/file`, {
      headers: { authorization: `Bearer ${host.token}` },
    });
    assert.equal(file.status, 200);
    const path = join(recDir, 'screen.webm');
    writeFileSync(path, Buffer.from(await file.arrayBuffer()));
    // The strip: two 16:9 cameras of 256x144 side by side, centred (x 384 to 896), y 576 on.
    const strip = [
      { x: 384, y: 576, w: 256, h: 144 },
      { x: 640, y: 576, w: 256, h: 144 },
    ];
    const stripEnds = [
      { x: 0, y: 576, w: 384, h: 144 },
      { x: 896, y: 576, w: 384, h: 144 },
    ];
    const seen = [];
    for (let t = 0.5; t < recs[1].durationMs / 1000 - 0.3; t += 0.5) {
      const frame = frameAt(path, t);
      const cams = strip.filter((b) => spread(frame, b) > 15).length;
      seen.push({ t, shared: cams === 2 && stripEnds.every((b) => spread(frame, b) < 5) });
    }
    console.log(`# screen layout: ${seen.map((s) => `${s.t}:${s.shared ? 's' : '-'}`).join(' ')}`);
    assert.ok(
      seen.some((s) => s.shared),
      'while the screen is shared, the two cameras are in the strip below it',
    );
  });

  it('SIGTERM mid-recording: the recording is finished and ready after the restart', async () => {
    // docs/recording.md "After a crash or a restart". Alice and Bob open the meeting again on
    // the restarted server (reconnecting by themselves is not what this checks), and Alice
    // records once their cameras are on the SFU.
    await autojoin(alice.page, rig.server.url, meeting.meetingId, 'Alice');
    await autojoin(bob.page, rig.server.url, meeting.meetingId, 'Bob');
    const [aliceId, bobId] = [await socketIdOf(alice.page), await socketIdOf(bob.page)];
    await waitTopology(alice.page, 'sfu');
    await waitForMediaVia(alice.page, [bobId], 'sfu');
    await waitForMediaVia(bob.page, [aliceId], 'sfu');
    await alice.page.click(byTestId('record-button'));
    await alice.page.click(byTestId('confirm-record'));
    await alice.page.waitForSelector(byTestId('recording-indicator'), { timeout: 20000 });
    // Media written, not just asked for: on a starved machine Janus once had written no track
    // 6 s after the indicator, and the test then checked nothing of the shutdown.
    const running = (await settledRecordings(3, { running: true }))[2];
    assert.equal(running?.status, 'recording', 'the third recording runs');
    await untilTracksWritten(running.id);
    await sleep(6000);
    const before = trackFiles(running.id);
    const stopping = rig.server;
    await rig.server.stop(); // SIGTERM, and waits for the process to exit
    const stopped = trackFiles(running.id);
    rig.server = await rig.server.restart();
    const recs = await settledRecordings(3);
    // What to read if it fails: the folder at each step, both servers' recording log lines
    // and the end of Janus's log.
    const why = () =>
      JSON.stringify(recs) +
      `\nfolder ${running.id}: before SIGTERM ${JSON.stringify(before)}, after ` +
      `${JSON.stringify(stopped)}, now ${JSON.stringify(trackFiles(running.id))}` +
      `\nserver logs:\n${recordingLogs(stopping.logs)}\n--- restarted:\n` +
      `${recordingLogs(rig.server.logs)}\njanus:\n${janusLogTail(rig.janus)}`;
    assert.equal(recs[2]?.id, running.id, why());
    assert.equal(recs[2]?.status, 'ready', why());
    assert.ok(recs[2].durationMs >= 4000, `what was written is kept: ${recs[2].durationMs} ms`);
  });
});
