#!/usr/bin/env node
// Recording's processing cost (docs/benchmarks.md "Recording"; issue 17): for each meeting size,
// a real recording through the whole stack (Chromium participants with the SFU tests' 640x360
// 10 fps clip as camera and the fake microphone, Janus recording every publisher,
// parley-server), `--seconds` long; then every participant leaves and the server's worker
// processes it (janus-pp-rec, ffmpeg, ffprobe: docs/recording.md "Processing"). Reads the
// worker's own time (`processingMs` of its `recording_ready` log line) and the CPU its programs
// used (the server's reaped children's ticks), and prints one JSON object, or with
// `--markdown` the report section.
//
// Runs inside a private network namespace (bench/run.py starts it under `unshare --net`), as
// the SFU bench does.
//
//   node bench/recording/recording.mjs --server build/server/parley-server --web-root web/dist
//        [--people 3,6] [--seconds 60] [--markdown]

import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sleep } from '../../tests/lib/process.mjs';
import { render } from './report.mjs';

const { values: opts } = parseArgs({
  options: {
    server: { type: 'string' },
    'web-root': { type: 'string' },
    people: { type: 'string', default: '3,6' },
    seconds: { type: 'string', default: '60' },
    markdown: { type: 'boolean', default: false },
  },
});
if (!opts.server || !opts['web-root']) {
  console.error('usage: recording.mjs --server BIN --web-root DIR [--people N,M] [--seconds S]');
  process.exit(2);
}
process.env.PARLEY_SERVER_BIN = opts.server;
const { startServer } = await import('../../tests/lib/servers.mjs');
const { launchBrowser, newParticipant } = await import('../../tests/browser/lib/browser.mjs');
const { autojoin, byTestId, socketIdOf } = await import('../../tests/browser/lib/meeting.mjs');
const { createMeeting, registerUser } = await import('../../tests/lib/rest.mjs');
const { ensureVeth, startJanus } = await import('../../tests/sfu-browser/lib/rig.mjs');
const { writeClip } = await import('../../tests/sfu-browser/lib/y4m.mjs');
const { joinOne, waitForMediaVia, waitTopology } =
  await import('../../tests/sfu-browser/lib/media.mjs');

const sizes = opts.people.split(',').map(Number);
const seconds = Number(opts.seconds);
const log = (msg) => console.error(`[recording ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** CPU ticks of the children `pid` has reaped (cutime + cstime): the worker's programs. */
function childTicks(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return Number(rest[13]) + Number(rest[14]);
}

/** The host (signed in, so that it may record) and `people - 1` guests, media flowing. */
async function fill(rig, people) {
  const host = await registerUser(rig.server.url, { prefix: 'host' });
  const meeting = await createMeeting(rig.server.url, host.token, { title: 'Recorded' });
  const first = await newParticipant(rig.chrome.browser, rig.server.url, {
    name: 'Host',
    viewport: { width: 960, height: 540 },
  });
  await first.page.goto(`${rig.server.url}/`);
  await first.page.evaluate(
    (value) => localStorage.setItem('parley.session', JSON.stringify(value)),
    { token: host.token, user: host.user },
  );
  await autojoin(first.page, rig.server.url, meeting.meetingId, 'Host');
  const joined = [first];
  for (let i = 1; i < people; i++) joined.push(await joinOne(rig, meeting, `Person ${i + 1}`));
  for (const p of joined) p.socketId = await socketIdOf(p.page);
  for (const p of joined) {
    await waitTopology(p.page, 'sfu', 120000);
    const others = joined.filter((o) => o !== p).map((o) => o.socketId);
    await waitForMediaVia(p.page, others, 'sfu', { timeout: 180000 });
  }
  log(`${people} joined; media flows between all of them through Janus`);
  return { host, meeting, joined };
}

/** One recording of `people` for `seconds`, then its processing measured. */
async function sizeRun(rig, people) {
  const { joined } = await fill(rig, people);
  const hostPage = joined[0].page;
  await hostPage.click(byTestId('record-button'));
  await hostPage.click(byTestId('confirm-record'));
  await hostPage.waitForSelector(byTestId('recording-indicator'), { timeout: 30000 });
  log(`${people}: recording for ${seconds} s`);
  await sleep(seconds * 1000);
  await hostPage.click(byTestId('record-button'));
  await hostPage.waitForSelector(byTestId('recording-indicator'), {
    state: 'detached',
    timeout: 30000,
  });
  const stoppedAt = Date.now();
  const ticks = childTicks(rig.server.pid);
  const load = [loadAverage()];
  // Nobody left in the room: the processing has the machine to itself (but for other sessions).
  await Promise.all(joined.map((p) => p.context.close().catch(() => undefined)));
  const deadline = Date.now() + 1800000;
  let ready;
  while (!ready && Date.now() < deadline) {
    ready = rig.server.logs.find(
      (l) => (l.event === 'recording_ready' || l.event === 'recording_failed') && !l.seen,
    );
    if (!ready) await sleep(200);
  }
  if (!ready) return { people, error: 'not processed within 30 minutes' };
  ready.seen = true;
  if (ready.event === 'recording_failed') return { people, error: ready.error };
  load.push(loadAverage());
  const result = {
    people,
    duration_ms: ready.durationMs,
    processing_ms: ready.processingMs,
    stop_to_ready_ms: Date.now() - stoppedAt,
    cpu_s: (childTicks(rig.server.pid) - ticks) / 100,
    bytes: ready.bytes,
    load,
  };
  log(`${people}: ${JSON.stringify(result)}`);
  return result;
}

ensureVeth();
const recDir = mkdtempSync(join(tmpdir(), 'parley-bench-rec-'));
const rig = { janus: startJanus() };
const started = Date.now();
const results = { seconds, cores: cpus().length, load_start: loadAverage(), sizes: [] };
try {
  rig.server = await startServer({
    webRoot: opts['web-root'],
    extraArgs: [
      ...['--janus', rig.janus.url, '--janus-secret', rig.janus.secret, '--sfu-threshold', '0'],
      ...['--recordings-dir', recDir],
    ],
  });
  rig.chrome = await launchBrowser({ args: [`--use-file-for-fake-video-capture=${writeClip()}`] });
  for (const people of sizes) {
    try {
      results.sizes.push(await sizeRun(rig, people));
    } catch (error) {
      const reason = String(error.message ?? error)
        .split('\n')[0]
        .slice(0, 300);
      log(`${people}: ${reason}`);
      results.sizes.push({ people, error: reason });
    }
  }
} finally {
  await rig.chrome?.close();
  await rig.server?.stop();
  rig.janus.stop();
  rmSync(recDir, { recursive: true, force: true });
}
results.load_end = loadAverage();
results.elapsed_s = (Date.now() - started) / 1000;
process.stdout.write(opts.markdown ? render(results) : `${JSON.stringify(results)}\n`);
