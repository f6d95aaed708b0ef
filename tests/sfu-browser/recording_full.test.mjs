// A recording with real media that stops by itself when its folder reaches
// --recordings-max-bytes (docs/recording.md "Disk space"): the host and a guest on the SFU
// (Chromium's fake camera and microphone), a limit of 300 kB that Janus's tracks pass within
// seconds; the recording stops without anyone asking, the host's page says why, media keeps
// flowing, and what was recorded becomes a ready file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { autojoin, byTestId, selfUserId, socketIdOf } from '../browser/lib/meeting.mjs';
import { newParticipant } from '../browser/lib/browser.mjs';
import { sleep } from '../lib/process.mjs';
import { api, createMeeting, registerUser } from '../lib/rest.mjs';
import { joinOne, waitForMediaVia, waitTopology } from './lib/media.mjs';
import { recordingSkipReason, useSfuRig } from './lib/rig.mjs';

const skip = recordingSkipReason();
const recDir = skip ? '' : mkdtempSync(join(tmpdir(), 'parley-rec-full-'));
const LIMIT = 300000;

describe('a recording that fills --recordings-max-bytes', { skip }, () => {
  const rig = useSfuRig({
    serverArgs: [
      ...['--recordings-dir', recDir, '--sfu-threshold', '0'],
      ...['--recordings-max-bytes', String(LIMIT)],
    ],
  });
  let host, meeting, alice, bob;

  before(async () => {
    host = await registerUser(rig.server.url, { prefix: 'alice' });
    meeting = await createMeeting(rig.server.url, host.token, { title: 'Filled' });
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
    bob.socketId = await socketIdOf(bob.page);
    for (const [p, other] of [
      [alice, bob],
      [bob, alice],
    ]) {
      await waitTopology(p.page, 'sfu');
      await waitForMediaVia(p.page, [other.socketId], 'sfu');
    }
  });
  after(() => {
    if (recDir) rmSync(recDir, { recursive: true, force: true });
  });

  it('stops by itself, tells the host why, the meeting goes on, the part is ready', async () => {
    await alice.page.click(byTestId('record-button'));
    await alice.page.click(byTestId('confirm-record'));
    for (const p of [alice, bob])
      await p.page.waitForSelector(byTestId('recording-indicator'), { timeout: 20000 });
    const started = Date.now();
    const reason = await alice.page.waitForSelector(byTestId('record-stopped-reason'), {
      timeout: 60000,
    });
    console.log(`# stopped by itself ${((Date.now() - started) / 1000).toFixed(1)} s after start`);
    assert.match(await reason.textContent(), /size limit/);
    for (const p of [alice, bob])
      await p.page.waitForSelector(byTestId('recording-indicator'), {
        state: 'detached',
        timeout: 20000,
      });
    assert.equal(
      await bob.page.$(byTestId('record-stopped-reason')),
      null,
      'a guest has no button',
    );
    // The meeting goes on: media still flows both ways.
    await waitForMediaVia(alice.page, [bob.socketId], 'sfu');
    await waitForMediaVia(bob.page, [alice.socketId], 'sfu');

    let rec;
    const deadline = Date.now() + 240000;
    while (Date.now() < deadline) {
      const r = await api(rig.server, 'GET', `/api/meetings/${meeting.meetingId}/recordings`, {
        token: host.token,
      });
      [rec] = r.json.recordings;
      if (rec && rec.status !== 'recording' && rec.status !== 'processing') break;
      await sleep(500);
    }
    assert.equal(rec?.status, 'ready', JSON.stringify(rec));
    assert.ok(rec.durationMs > 0 && rec.bytes > 0, JSON.stringify(rec));
  });
});
