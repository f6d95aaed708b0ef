// Moderation and in-call controls in real Chromium (docs/web.md "Moderation", "Reactions",
// "Layouts", "Devices in the call"), in one meeting to keep CI time down: a camera switch
// mid-call, a reaction, pin and speaker view, a host muting a participant (seen by everyone,
// and its outgoing audio silent per getStats), removal, lock, and the lobby's admit and deny.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sleep } from '../lib/process.mjs';
import { serverSkip as skip } from '../lib/servers.mjs';
import { newParticipant, screenshot, useRig } from './lib/browser.mjs';
import {
  autojoin,
  byTestId,
  createMeetingViaApi,
  peerStats,
  selfUserId,
  signInPage,
  waitForMedia,
  waitForParticipant,
  waitForRemoteVideos,
} from './lib/meeting.mjs';

/** Polls `fn()` until it returns a truthy value; returns it. */
async function eventually(fn, what, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(250);
  }
  assert.fail(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

const socketIdOf = (page) => page.evaluate(() => window.__parley?.socketId() ?? null);
const tileOf = (socketId) => `[data-testid="tile"][data-socket-id="${socketId}"]`;

/** Sum over this page's connections of the audio energy its microphone has sent. */
async function sentEnergy(page) {
  const peers = await peerStats(page);
  return {
    energy: peers.reduce((a, p) => a + (p.sentAudioEnergy ?? 0), 0),
    level: Math.max(0, ...peers.map((p) => p.sentAudioLevel ?? 0)),
  };
}

/** Audio packets `page` received from everyone, as of its latest stats sample. */
async function receivedPackets(page) {
  return (await peerStats(page)).reduce((a, p) => a + p.audioPacketsReceived, 0);
}

/** Waits for `n` new stats samples on `page` (each shows more audio received). */
async function newSamples(page, n) {
  let seen = await receivedPackets(page);
  for (let i = 0; i < n; i++) {
    seen = await eventually(async () => {
      const now = await receivedPackets(page);
      return now > seen && now;
    }, 'a new stats sample');
  }
}

/** framesDecoded from `userId` as seen by `page`. */
async function framesFrom(page, userId) {
  const peer = (await peerStats(page)).find((p) => p.userId === userId);
  return peer?.framesDecoded ?? 0;
}

/** Opens the people panel and the participant menu of `userId`, then clicks `action`. */
async function moderate(page, userId, action) {
  if (!(await page.isVisible('aside[aria-label="Participants"]')))
    await page.click(byTestId('toggle-participants'));
  const entry = `${byTestId('participant')}[data-user-id="${userId}"]`;
  await page.click(`${entry} ${byTestId('participant-menu')}`);
  await page.click(`${entry} ${byTestId(action)}`);
}

describe('moderation in the browser', { skip }, () => {
  // Chromium's fake cameras: fake_device_0 (I420), fake_device_1 (Y16, a depth format WebRTC
  // cannot encode: nothing reaches the others), fake_device_2 (MJPEG). The switch goes 0 -> 2.
  const rig = useRig({ fakeCameras: 3 });
  let server;
  let chrome;
  let host;
  let ann;
  let ben;
  let annId;
  let benId;
  let meetingId;
  let hostName;
  const open = [];
  const person = async (name) => {
    const p = await newParticipant(chrome.browser, server.url, { name });
    open.push(p);
    return p;
  };

  before(async () => {
    ({ server, chrome } = rig);
    const auth = await createMeetingViaApi(server.url);
    meetingId = auth.meeting.meetingId;
    hostName = auth.user.username;
    host = await person('host');
    await signInPage(host.page, server.url, auth);
    await autojoin(host.page, server.url, meetingId, 'Host');
    ann = await person('ann');
    ben = await person('ben');
    await autojoin(ann.page, server.url, meetingId, 'Ann');
    await autojoin(ben.page, server.url, meetingId, 'Ben');
    annId = await selfUserId(ann.page);
    benId = await selfUserId(ben.page);
    for (const p of [host, ann, ben]) await waitForRemoteVideos(p.page, 2);
    await Promise.all([host, ann, ben].map((p) => waitForMedia(p.page, 2)));
  });
  after(async () => {
    for (const p of open) await p.context.close().catch(() => undefined);
  });

  it('switching the camera mid-call: the others keep decoding video', async () => {
    await ann.page.click(`${byTestId('device-settings')} summary`);
    const select = byTestId('camera-select');
    const options = await ann.page.$$eval(`${select} option`, (os) =>
      os.map((o) => ({ id: o.value, label: o.textContent })),
    );
    assert.equal(options.length, 3, JSON.stringify(options));
    const before = await ann.page.$eval(select, (s) => s.value);
    const other = options.find((o) => o.label.includes('fake_device_2'))?.id;
    assert.ok(other && other !== before, JSON.stringify({ options, before }));
    await ann.page.selectOption(select, other);
    await eventually(
      () => ann.page.evaluate((id) => localStorage.getItem('parley.devices')?.includes(id), other),
      'the choice remembered',
    );
    const frames0 = await framesFrom(host.page, annId);
    await eventually(
      async () => (await framesFrom(host.page, annId)) > frames0 + 20,
      'frames from Ann after her camera switch',
    );
    await ann.page.click(`${byTestId('device-settings')} summary`); // close
  });

  it('a reaction shows on the sender tile for everyone', async () => {
    const benSocket = await socketIdOf(ben.page);
    // Shown for a few seconds only: watch on every page before clicking.
    const seen = [host, ann, ben].map((p) =>
      p.page
        .waitForSelector(`${tileOf(benSocket)} ${byTestId('reaction')}`, { timeout: 20000 })
        .then((el) => el.textContent()),
    );
    await ben.page.click(`${byTestId('reaction-button')}[data-emoji="🎉"]`);
    assert.deepEqual(await Promise.all(seen), ['🎉', '🎉', '🎉']);
  });

  it('pin and speaker view are one person’s own layout', async () => {
    const benSocket = await socketIdOf(ben.page);
    await host.page.hover(tileOf(benSocket));
    await host.page.click(`${tileOf(benSocket)} ${byTestId('pin-button')}`);
    await host.page.waitForSelector(`${tileOf(benSocket)}[data-pinned="true"][data-main="true"]`);
    // Nobody else's layout changed.
    assert.equal(await ann.page.$$eval('[data-main="true"]', (els) => els.length), 0);
    await host.page.click(byTestId('layout-toggle'));
    await host.page.waitForSelector('[data-layout="speaker"]');
    assert.equal(
      await host.page.$eval(byTestId('layout-toggle'), (b) => b.dataset.layout),
      'speaker',
    );
    // Unpinned, speaker view still shows one remote person large.
    await host.page.click(`${tileOf(benSocket)} ${byTestId('pin-button')}`);
    const main = await host.page.waitForSelector('.spotlight-main [data-main="true"]');
    const mainSocket = await main.getAttribute('data-socket-id');
    assert.notEqual(mainSocket, await socketIdOf(host.page));
    await screenshot(host.page, 'moderation-speaker-view');
    await host.page.click(byTestId('layout-toggle'));
    await host.page.waitForSelector('[data-layout="grid"]');
  });

  it('the host mutes Ann: off for everyone, and her outgoing audio goes silent', async () => {
    // Her microphone sends something before (the fake device beeps).
    const e0 = (await sentEnergy(ann.page)).energy;
    await eventually(async () => (await sentEnergy(ann.page)).energy > e0, 'Ann sending audio');
    await moderate(host.page, annId, 'mute-participant');
    for (const p of [host, ann, ben]) await waitForParticipant(p.page, annId, { audio: 'off' });
    await ann.page.waitForSelector(byTestId('moderation-notice'));
    assert.ok(
      (await ann.page.textContent(byTestId('moderation-notice'))).includes(hostName),
      'the notice names who muted',
    );
    // Stats are sampled, not pushed: once a sample shows the level at 0, two more samples
    // (each one receives more audio from the others) must show no new energy.
    const e1 = await eventually(async () => {
      const e = await sentEnergy(ann.page);
      return e.level === 0 && e;
    }, 'a sample of Ann muted');
    await newSamples(ann.page, 2);
    const e2 = await sentEnergy(ann.page);
    assert.equal(e2.level, 0, 'muted microphone still has a level');
    assert.ok(
      e2.energy - e1.energy < 1e-6,
      `energy grew while muted: ${e1.energy} -> ${e2.energy}`,
    );
  });

  it('the host removes Ben: he sees removed-message, the others lose him', async () => {
    await moderate(host.page, benId, 'remove-participant');
    await ben.page.waitForSelector(byTestId('removed-message'), { timeout: 15000 });
    for (const p of [host, ann])
      await p.page.waitForFunction(
        (id) => !document.querySelector(`[data-testid="participant"][data-user-id="${id}"]`),
        benId,
        { timeout: 15000 },
      );
    await ben.context.close();
  });

  it('lock refuses newcomers; the lobby admits one and denies another', async () => {
    // The checkboxes follow the server's meeting-settings, so click and wait for it.
    await host.page.click(byTestId('lock-meeting'));
    await host.page.waitForSelector(`${byTestId('lock-meeting')}:checked`);
    const cat = await person('cat');
    await cat.page.goto(`${server.url}/m/${meetingId}?name=Cat&autojoin=1`);
    await cat.page.waitForSelector(byTestId('error-message'), { timeout: 30000 });
    assert.match(await cat.page.textContent(byTestId('error-message')), /locked/i);
    await cat.context.close();

    await host.page.click(byTestId('lock-meeting'));
    await host.page.waitForSelector(`${byTestId('lock-meeting')}:not(:checked)`);
    await host.page.click(byTestId('lobby-toggle'));
    await host.page.waitForSelector(`${byTestId('lobby-toggle')}:checked`);
    const dan = await person('dan');
    const eve = await person('eve');
    await dan.page.goto(`${server.url}/m/${meetingId}?name=Dan&autojoin=1`);
    await eve.page.goto(`${server.url}/m/${meetingId}?name=Eve&autojoin=1`);
    await dan.page.waitForSelector(byTestId('lobby-waiting'), { timeout: 30000 });
    await eve.page.waitForSelector(byTestId('lobby-waiting'), { timeout: 30000 });
    const danId = await selfUserId(dan.page);
    const eveId = await selfUserId(eve.page);
    const request = (id) => `${byTestId('lobby-request')}[data-user-id="${id}"]`;
    await host.page.waitForSelector(request(danId));
    await host.page.waitForSelector(request(eveId));
    await host.page.click(`${request(danId)} ${byTestId('admit-button')}`);
    await host.page.click(`${request(eveId)} ${byTestId('deny-button')}`);
    await dan.page.waitForSelector(byTestId('local-video'), { timeout: 30000 });
    await eve.page.waitForSelector(byTestId('denied-message'), { timeout: 15000 });
    await waitForParticipant(host.page, danId, {});
    await host.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="lobby-request"]').length === 0,
    );
    await screenshot(host.page, 'moderation-people');
  });
});
