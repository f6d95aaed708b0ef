#!/usr/bin/env node
// Mesh against SFU for one 6-person meeting (docs/benchmarks.md "Mesh and SFU"): six Chromium
// participants (one browser, a context each, the SFU tests' 640x360 10 fps clip as camera),
// once on the mesh and once through Janus. For each, over a window of steady media: the
// Chromium processes' CPU, each participant's uplink (bytes sent on all its outgoing
// streams), Janus's and parley-server's CPU. On the SFU also the time from a sixth person's
// navigation to presenting a frame of all five others (median of --joins runs; as the
// time-to-first-frame bench measures it), with the joiner's own timeline of the steps in
// between (its `parley:*` marks, docs/web.md "Join sequence"); then the same joins once more
// from a Chromium of the joiner's own, on the last core at raised priority, which tells the
// joiner's share of the time from that of the senders (ownCoreBrowser below). Prints one JSON
// object; `--markdown` prints the report section instead.
//
// Runs inside a private network namespace (bench/run.py starts it under `unshare --net`):
// Janus gathers no loopback candidates, so media to it crosses the veth pair the SFU tests
// use (tests/sfu-browser/lib/rig.mjs).
//
//   node bench/sfu/sfu.mjs --server build/server/parley-server --web-root web/dist
//        [--people 4,6] [--window 20] [--joins 3] [--markdown]
// (each meeting size in --people is run on both paths; a path that cannot carry a size on
// this machine is reported with what failed).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sleep } from '../../tests/lib/process.mjs';
import { chromiums, cpuTicks, descendants, TICKS_PER_S } from './cpu.mjs';
import { fill, startRig } from './meeting.mjs';
import { median, render } from './report.mjs';
import { raiseSession } from '../ttff/priority.mjs';
import { machineSpeed } from './machine_speed.mjs';
import { probeScript, readPage } from '../ttff/probe.mjs';
import { medianSteps, steps } from '../ttff/timeline.mjs';

const { values: opts } = parseArgs({
  options: {
    server: { type: 'string' },
    'web-root': { type: 'string' },
    people: { type: 'string', default: '4,6' },
    window: { type: 'string', default: '20' },
    joins: { type: 'string', default: '5' },
    markdown: { type: 'boolean', default: false },
  },
});
if (!opts.server || !opts['web-root']) {
  console.error('usage: sfu.mjs --server BIN --web-root DIR [--people N] [--window S] [--joins N]');
  process.exit(2);
}
// tests/lib/servers.mjs reads the binary from the environment when it loads.
process.env.PARLEY_SERVER_BIN = opts.server;
const { launchBrowser, newParticipant } = await import('../../tests/browser/lib/browser.mjs');
const { createMeetingViaApi } = await import('../../tests/browser/lib/meeting.mjs');
const { ensureVeth } = await import('../../tests/sfu-browser/lib/rig.mjs');
const { writeClip } = await import('../../tests/sfu-browser/lib/y4m.mjs');
const { leave } = await import('../../tests/sfu-browser/lib/media.mjs');

const sizes = opts.people.split(',').map(Number);
const windowS = Number(opts.window);
const joinRuns = Number(opts.joins);
const log = (msg) => console.error(`[sfu ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** CPU (cores) of the Chromiums, Janus and the server, and each page's uplink, over the window. */
async function measure(rig, joined) {
  const sample = async () => ({
    at: performance.now(),
    chromium: chromiums().reduce((sum, p) => sum + cpuTicks(p.pid), 0),
    janus: rig.janus ? cpuTicks(rig.janus.pid) : 0,
    server: cpuTicks(rig.server.pid),
    sent: await Promise.all(joined.map((p) => p.page.evaluate(() => window.__parley.sentBytes()))),
  });
  const a = await sample();
  await sleep(windowS * 1000);
  const b = await sample();
  const seconds = (b.at - a.at) / 1000;
  const cores = (key) => (b[key] - a[key]) / TICKS_PER_S / seconds;
  return {
    seconds,
    chromium_cores: cores('chromium'),
    janus_cores: rig.janus ? cores('janus') : null,
    server_cores: cores('server'),
    uplink_kbps: b.sent.map((bytes, i) => ((bytes - a.sent[i]) * 8) / 1000 / seconds),
  };
}

/**
 * A newcomer's join from `browser`: its navigation to the first presented frame of all
 * `others` remote videos, measured by the page itself (bench/ttff/probe.mjs), and its steps.
 */
async function timedJoin(rig, browser, meeting, others, name) {
  const p = await newParticipant(browser, rig.server.url, {
    name,
    viewport: { width: 960, height: 540 },
  });
  // Measured as the time-to-first-frame bench does (bench/ttff/probe.mjs): each remote tile's
  // first presented frame, from the page's navigation start.
  await p.page.addInitScript(probeScript);
  // The signaling messages (WebSocket frames) the page sends and receives until then.
  const messages = { sent: 0, received: 0 };
  p.page.on('websocket', (ws) => {
    ws.on('framesent', () => messages.sent++);
    ws.on('framereceived', () => messages.received++);
  });
  await p.page.goto(
    `${rig.server.url}/m/${meeting.meetingId}?name=${encodeURIComponent(name)}&autojoin=1`,
  );
  await p.page.waitForFunction(
    (count) => Object.keys(window.__ttff.frames).length >= count,
    others,
    { timeout: 120000, polling: 100 },
  );
  const counted = { ...messages };
  const page = await readPage(p.page);
  const timeline = steps(page);
  const firsts = Object.values(page.frames);
  // The subscriptions alone (our publisher's connection may come up after the frames arrive).
  const remote = [
    ...new Set(page.marks.filter((m) => m.name === 'sfu-subscribe-sent').map((m) => m.peer)),
  ];
  timeline['subscriptions up'] = steps(page, 0, { only: remote })['sfu-dtls-connected'];
  timeline['first remote frame'] = Math.min(...firsts);
  timeline['all remote frames'] = Math.max(...firsts);
  return { p, ms: timeline['all remote frames'], timeline, messages: counted };
}

/**
 * A Chromium for the joiner alone: every process on the last core (taskset, through a wrapper
 * as its executable), its session's autogroup raised to nice -10 (best effort: needs root), so
 * the meeting's other browsers, which keep both cores, barely slow the joiner's page down.
 * What is left of a join's time is then the network, Janus and the senders, as when every
 * participant has a machine of their own.
 */
async function ownCoreBrowser(clip) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-sfu-bench-'));
  const wrapper = join(dir, 'chromium');
  const chromium = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
  writeFileSync(wrapper, `#!/bin/sh\nexec taskset -c ${cpus().length - 1} ${chromium} "$@"\n`, {
    mode: 0o755,
  });
  const before = new Set(descendants(process.pid).map((p) => p.pid));
  const chrome = await launchBrowser({
    executablePath: wrapper,
    args: [`--use-file-for-fake-video-capture=${clip}`],
  });
  // Not ours to raise without root: the core of its own still holds.
  for (const { pid } of descendants(process.pid).filter((p) => !before.has(p.pid)))
    raiseSession(pid, -10);
  return {
    browser: chrome.browser,
    close: async () => {
      await chrome.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `joinRuns` joins of one more person from `browser`: each run's time, the medians. */
async function joins(rig, browser, meeting, others, label) {
  const runs = [];
  for (let i = 0; i < joinRuns; i++) {
    await sleep(2000);
    const { p, ms, timeline, messages } = await timedJoin(
      rig,
      browser,
      meeting,
      others,
      `Joiner ${i + 1}`,
    );
    runs.push({ ms, timeline, messages });
    log(`sfu: join ${i + 1} (${label}): all ${others} videos after ${Math.round(ms)} ms`);
    await leave(p);
  }
  const ms = runs.map((r) => r.ms);
  // After the last subscription is up, each video waits for its sender's next keyframe.
  const waits = runs.map((r) => r.timeline['all remote frames'] - r.timeline['subscriptions up']);
  return {
    ms,
    median_ms: median(ms),
    keyframe_wait_ms: median(waits),
    messages_sent: median(runs.map((r) => r.messages.sent)),
    messages_received: median(runs.map((r) => r.messages.received)),
    timeline: medianSteps(runs.map((r) => r.timeline)),
  };
}

async function topologyRun(via, clip, people) {
  const rig = await startRig(via, clip, opts['web-root']);
  try {
    const { meeting } = await createMeetingViaApi(rig.server.url);
    let joined;
    try {
      joined = await fill(rig, meeting, via, people, log);
    } catch (error) {
      const reason = String(error.message ?? error)
        .split('\n')[0]
        .replace(/: \[\{.*$/, ' (stats elided)')
        .slice(0, 300);
      log(`${via}: ${people} people did not all connect: ${reason}`);
      return { error: reason };
    }
    log(`${via}: media flows between all ${people}; measuring ${windowS} s`);
    await sleep(3000);
    const figures = await measure(rig, joined);
    if (via === 'sfu') {
      // A stream Janus forwards: one publisher's feed to one subscriber.
      figures.forwarded_feeds = people * (people - 1);
      const last = joined.pop();
      await leave(last);
      figures.join = await joins(rig, rig.chrome.browser, meeting, people - 1, 'shared browser');
      const own = await ownCoreBrowser(clip);
      try {
        figures.join_own_core = await joins(rig, own.browser, meeting, people - 1, 'own core');
      } finally {
        await own.close();
      }
    }
    for (const p of joined) await leave(p);
    return figures;
  } finally {
    await rig.stop();
  }
}

ensureVeth();
const clip = writeClip();
const started = Date.now();
const results = { window_s: windowS, cores: cpus().length, speed: [machineSpeed()], sizes: [] };
for (const people of sizes) {
  const mesh = await topologyRun('mesh', clip, people);
  const sfu = await topologyRun('sfu', clip, people);
  results.sizes.push({ people, mesh, sfu });
}
results.speed.push(machineSpeed());
results.elapsed_s = (Date.now() - started) / 1000;
process.stdout.write(opts.markdown ? render(results) : `${JSON.stringify(results)}\n`);
