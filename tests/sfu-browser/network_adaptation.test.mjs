// Network adaptation of an SFU publisher in real Chromium (docs/web.md "Network adaptation",
// "On the SFU"): A and B in their own network namespaces (tests/browser/lib/shaped_net.mjs),
// Janus and the server in the test's; a token bucket filter on A's link to the router limits
// everything A sends, its feed to Janus included. A's camera is a 640x360 noise clip, so it
// publishes simulcast layers (two of the three at that size) that need more than the limit. Under the limit the browser
// sends fewer layers and A's tile says so; under the floor video pauses (both tiles say so); it
// all comes back once lifted. One `# ` line a second: A's video kbit/s sent, estimate, cap,
// level, and the layers whose bytes grew that second.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newParticipant, screenshot } from '../browser/lib/browser.mjs';
import { autojoin, byTestId, createMeetingViaApi } from '../browser/lib/meeting.mjs';
import { netnsSkipReason } from '../browser/lib/netns.mjs';
import { buildShapedNetworks, writeNoiseClip, writeSpeechWav } from '../browser/lib/shaped_net.mjs';
import { sleep } from '../lib/process.mjs';
import { startServer, webRoot } from '../lib/servers.mjs';
import { testTls } from '../lib/tls.mjs';
import { sfuSkipReason, startJanus } from './lib/rig.mjs';
import { waitForMediaVia, waitTopology } from './lib/media.mjs';

const tlsSkip = testTls && 'plain HTTP on namespace addresses; runs in the plain pass';
const skip = sfuSkipReason() || netnsSkipReason() || tlsSkip;

/** A's camera feed to the SFU as A's page sees it. */
async function uplink(page) {
  const stats = await page.evaluate(() => window.__parley?.stats() ?? []);
  return stats.find((s) => s.via === 'sfu-out' && s.kind === 'camera');
}

/** What `page` receives from `socketId` through the SFU (its camera subscription). */
async function received(page, socketId) {
  const stats = await page.evaluate(() => window.__parley?.stats() ?? []);
  return stats.find((s) => s.via === 'sfu' && s.kind === 'camera' && s.socketId === socketId);
}

/** Samples A's feed every second, logging it, until `done(sample)` or `timeoutS`. */
async function watch(page, label, timeoutS, done) {
  const start = Date.now();
  let prev = await uplink(page);
  let prevAt = Date.now();
  for (;;) {
    await sleep(1000);
    const now = await uplink(page);
    const at = Date.now();
    const kbps = prev
      ? Math.round(((now.videoBytesSent - prev.videoBytesSent) * 8) / (at - prevAt))
      : 0;
    // A layer is sent when its bytes grew by more than padding would (1 KB in a second).
    const sent = Object.keys(now.ridBytes)
      .filter((rid) => now.ridBytes[rid] - (prev?.ridBytes[rid] ?? 0) > 1000)
      .sort();
    const t = Math.round((at - start) / 100) / 10;
    console.log(
      `# ${label} t=${t}s: video ${kbps} kbit/s, estimate ${now.availableOutKbps}, ` +
        `cap ${now.capKbps}, ${now.sending}, layers sent ${sent.join('') || 'none'}`,
    );
    const sample = { ...now, kbps, t, sent };
    if (done(sample)) return sample;
    if (t > timeoutS) assert.fail(`${label}: not reached within ${timeoutS} s`);
    prev = now;
    prevAt = at;
  }
}

describe('network adaptation of an SFU publisher', { skip: skip ?? false }, () => {
  let nets, janus, server, a, b;
  const browsers = [];

  before(async () => {
    nets = buildShapedNetworks();
    janus = startJanus();
    const help = execFileSync(process.env.PARLEY_SERVER_BIN, ['--help'], { encoding: 'utf8' });
    server = await startServer({
      webRoot: webRoot(),
      extraArgs: [
        '--host',
        '0.0.0.0',
        ...(help.includes('--no-tls') ? ['--no-tls'] : []),
        '--janus',
        janus.url,
        '--janus-secret',
        janus.secret,
        '--sfu-threshold',
        '0',
      ],
    });
    const noise = writeNoiseClip({ width: 640, height: 360, fps: 10, frames: 20 });
    const small = writeNoiseClip({ width: 160, height: 120, fps: 10, frames: 1 });
    const speech = writeSpeechWav(); // A talks all along (docs/testing.md "Network adaptation")
    for (const c of nets.clients.slice(0, 2)) {
      const origin = `http://${c.gateway}:${server.port}`;
      const chrome = await launchBrowser({
        executablePath: c.chromium,
        args: [
          `--unsafely-treat-insecure-origin-as-secure=${origin}`,
          `--use-file-for-fake-video-capture=${c.name === 'a' ? noise : small}`,
          ...(c.name === 'a' ? [`--use-file-for-fake-audio-capture=${speech}`] : []),
        ],
      });
      browsers.push({ name: c.name.toUpperCase(), origin, chrome });
    }
  });
  after(async () => {
    for (const b of browsers) await b.chrome.close();
    await server?.stop();
    janus?.stop();
    nets?.remove();
  });

  async function join(b, meeting) {
    // B watches A in a tile over 360 pixels tall, so A's top layer is watched and A sends
    // every layer the network allows (docs/signaling.md "Layers nobody watches").
    const viewport = b.name === 'B' ? { width: 1600, height: 1000 } : undefined;
    const p = await newParticipant(b.chrome.browser, b.origin, { name: b.name, viewport });
    await autojoin(p.page, b.origin, meeting.meetingId, `Person ${b.name}`);
    p.socketId = await p.page
      .waitForFunction(() => window.__parley?.socketId())
      .then((h) => h.jsonValue());
    await waitTopology(p.page, 'sfu');
    return p;
  }

  it('A limited to 300 kbit/s: top layers off, audio intact, back once lifted; at 60 kbit/s video paused on both sides, then tried again', async () => {
    const { meeting } = await createMeetingViaApi(server.url);
    a = await join(browsers[0], meeting);
    b = await join(browsers[1], meeting);
    await waitForMediaVia(b.page, [a.socketId], 'sfu', { timeout: 90000 });
    await waitForMediaVia(a.page, [b.socketId], 'sfu', { timeout: 90000 });
    // Unlimited: every layer the browser sends at 640x360 (Chromium sends two of the three
    // there: it allows fewer simulcast layers the smaller the picture).
    await watch(a.page, 'unlimited', 30, (s) => s.sent.length >= 2 && s.sending === 'full');

    nets.shapeUplink(300);
    const audioBefore = (await received(b.page, a.socketId)).audioPacketsReceived;
    const reduced = await watch(
      a.page,
      'limited 300',
      30,
      (s) => s.sending === 'reduced' && s.sent.length === 1 && s.kbps < 300,
    );
    console.log(`# at 300 kbit/s: the lowest layer alone after ${reduced.t} s`);
    await a.page.waitForSelector(
      `${byTestId('tile')}[data-sending="reduced"] ${byTestId('video-reduced')}`,
      { timeout: 20000 },
    );
    await sleep(4000);
    const heard = (await received(b.page, a.socketId)).audioPacketsReceived - audioBefore;
    assert.ok(heard > 30, `B got ${heard} audio packets from A while A was limited`);

    nets.shapeUplink(null);
    const back = await watch(a.page, 'lifted', 60, (s) => s.sent.length >= 2 && s.kbps > 400);
    console.log(`# lifted: two layers or more and over 400 kbit/s after ${back.t} s`);

    nets.shapeUplink(60);
    const paused = await watch(a.page, 'limited 60', 40, (s) => s.sending === 'paused');
    assert.deepEqual(paused.layers, []);
    await a.page
      .locator(`${byTestId('video-paused')}[data-side="sending"]`)
      .waitFor({ timeout: 20000 });
    const aTileAtB = `${byTestId('tile')}[data-socket-id="${a.socketId}"]`;
    await b.page
      .locator(`${aTileAtB} ${byTestId('video-paused')}[data-side="receiving"]`)
      .waitFor({ timeout: 20000 });
    await screenshot(b.page, 'sfu-netadapt-paused-receiver').catch(() => undefined);
    const audioPaused = (await received(b.page, a.socketId)).audioPacketsReceived;
    await sleep(3000);
    const heardPaused = (await received(b.page, a.socketId)).audioPacketsReceived - audioPaused;
    console.log(`# at 60 kbit/s, video paused: B got ${heardPaused} audio packets from A in 3 s`);
    assert.ok(heardPaused > 10, 'audio keeps flowing while video is paused');

    // Lifted after a pause: a trial turns the layers on again by itself and video flows.
    nets.shapeUplink(null);
    const trial = await watch(
      a.page,
      'lifted after 60',
      60,
      (s) => s.sending !== 'paused' && s.sent.length >= 1,
    );
    console.log(`# lifted after 60: video sent again after ${trial.t} s`);
    // From there the browser's estimate climbs by itself (about 10 % a second: docs/web.md
    // "On the SFU"), and video with it.
    const climbed = await watch(a.page, 'after the trial', 60, (s) => s.kbps > 200);
    console.log(`# after the trial: video over 200 kbit/s after ${climbed.t} s`);
  });
});
