// In-call features in SFU mode (--sfu-threshold 0), three people: mute and camera-off, quality
// badges and the active speaker, the simulcast layer following the tile's size, raised hand, chat, and a screen share sent as its own feed (full resolution, few frames) that the
// others decode in the sharer's one <video> (docs/web.md "The SFU").

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { byTestId, pollPage, waitForParticipant } from '../browser/lib/meeting.mjs';
import { screenshot } from '../browser/lib/browser.mjs';
import { useSfuRig, sfuSkipReason } from './lib/rig.mjs';
import { joinMeeting, waitForMediaVia, waitTopology } from './lib/media.mjs';

const skip = sfuSkipReason();

describe('room features in SFU mode', { skip }, () => {
  const rig = useSfuRig({ serverArgs: ['--sfu-threshold', '0'] });
  let alice, bob, carol;

  before(async () => {
    [alice, bob, carol] = (await joinMeeting(rig, 3)).people;
    for (const p of [alice, bob, carol]) {
      await waitTopology(p.page, 'sfu');
      const others = [alice, bob, carol].filter((o) => o !== p).map((o) => o.socketId);
      await waitForMediaVia(p.page, others, 'sfu');
    }
  });

  it('shows mute and camera-off to the others', async () => {
    await alice.page.click(byTestId('toggle-audio'));
    await waitForParticipant(bob.page, alice.userId, { audio: 'off', video: 'on' });
    await alice.page.click(byTestId('toggle-video'));
    await waitForParticipant(carol.page, alice.userId, { audio: 'off', video: 'off' });
    await alice.page.click(byTestId('toggle-audio'));
    await alice.page.click(byTestId('toggle-video'));
    await waitForParticipant(bob.page, alice.userId, { audio: 'on', video: 'on' });
    // Media still flows through the SFU after the toggles.
    await waitForMediaVia(bob.page, [alice.socketId], 'sfu');
  });

  it('rates each tile received through the SFU and highlights who speaks', async () => {
    // The stats sampler reads the camera subscriptions (docs/web.md "The SFU"): every remote
    // tile's quality badge leaves 'unknown', and the fake microphone's beeps make a speaker.
    await alice.page.waitForFunction(
      () => {
        const levels = [...document.querySelectorAll('[data-testid="quality"]')].map(
          (q) => q.dataset.level,
        );
        return levels.length === 2 && levels.every((l) => l !== 'unknown');
      },
      null,
      { timeout: 20000, polling: 250 },
    );
    await alice.page.waitForSelector(`${byTestId('tile')}.speaking`, { timeout: 20000 });
  });

  it("picks the simulcast layer each subscriber receives by its tile's size", async () => {
    // docs/web.md "The SFU", Layers: a tile above 360 device pixels asks for `h` (the clip's
    // 640x360), a small one for a lower layer (Chromium sends two layers of a 360p camera,
    // so the lowest it gets is 320x180). Bob's window alone changes.
    const cameraOf = async (page, socketId) =>
      (await page.evaluate(() => window.__parley.stats())).find(
        (x) => x.via === 'sfu' && x.kind === 'camera' && x.socketId === socketId,
      );
    const sentLayers = async () =>
      (await alice.page.evaluate(() => window.__parley.stats())).find(
        (x) => x.via === 'sfu-out' && x.kind === 'camera',
      ).layers;
    const waitWidth = async (test, what) => {
      const deadline = Date.now() + 30000;
      let last;
      while (Date.now() < deadline) {
        last = await cameraOf(bob.page, alice.socketId);
        if (last && test(last.frameWidth)) return last;
        await new Promise((r) => setTimeout(r, 500));
      }
      assert.fail(`${what}: ${JSON.stringify(last)}`);
    };
    try {
      await bob.page.setViewportSize({ width: 1600, height: 1000 });
      const big = await waitWidth((w) => w >= 640, 'a large tile gets the top layer');
      assert.ok((await sentLayers()).includes('h'), 'Alice sends `h` while Bob watches it');
      await bob.page.setViewportSize({ width: 400, height: 240 });
      const small = await waitWidth((w) => w > 0 && w < big.frameWidth, 'a small tile gets less');
      console.log(
        `# layers at Bob: ${big.frameWidth}x${big.frameHeight} -> ${small.frameWidth}x${small.frameHeight}`,
      );
      // docs/signaling.md "Layers nobody watches": Carol's tile of Alice is no taller than 360
      // pixels either, so nobody watches `h` and Alice stops encoding it.
      const deadline = Date.now() + 20000;
      let layers = await sentLayers();
      while (layers.includes('h') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        layers = await sentLayers();
      }
      console.log(`# Alice's layers once nobody watches h: ${layers.join(',')}`);
      assert.deepEqual(layers, ['m', 'l']);
    } finally {
      await bob.page.setViewportSize({ width: 960, height: 540 });
    }
  });

  it('shows raised hands and delivers chat', async () => {
    await bob.page.click(byTestId('raise-hand'));
    await waitForParticipant(alice.page, bob.userId, { hand: 'up' });
    await waitForParticipant(carol.page, bob.userId, { hand: 'up' });
    await bob.page.click(byTestId('raise-hand'));
    await waitForParticipant(alice.page, bob.userId, { hand: 'down' });
    await carol.page.click(byTestId('toggle-chat'));
    await carol.page.fill(byTestId('chat-input'), 'Hello through the SFU');
    await carol.page.click(byTestId('chat-send'));
    for (const p of [alice, bob]) {
      await p.page.click(byTestId('toggle-chat'));
      await p.page.waitForSelector(
        `${byTestId('chat-message')}:has-text("Hello through the SFU")`,
        {
          timeout: 15000,
        },
      );
      await p.page.click(byTestId('toggle-chat'));
    }
    await carol.page.click(byTestId('toggle-chat'));
  });

  it("sends a screen share as its own feed, decoded in the sharer's tile", async () => {
    await alice.page.click(byTestId('share-screen'));
    await alice.page.waitForSelector(`${byTestId('share-screen')}[aria-pressed="true"]`, {
      timeout: 30000,
    });
    for (const p of [bob, carol]) {
      const figures = await pollPage(
        p.page,
        async (socketId) => {
          const all = await window.__parley.stats();
          const screen = all.find(
            (x) => x.via === 'sfu' && x.kind === 'screen' && x.socketId === socketId,
          );
          return screen?.framesDecoded > 3 && screen;
        },
        alice.socketId,
        { timeout: 30000, interval: 500, what: `screen frames at ${p.name}` },
      );
      // The camera feed keeps flowing beside it; the tile plays the screen's track.
      await waitForMediaVia(p.page, [alice.socketId], 'sfu');
      const tile = await p.page.$eval(
        `${byTestId('remote-video')}[data-user-id="${alice.userId}"]`,
        (v) => ({ width: v.videoWidth, height: v.videoHeight }),
      );
      const camera = (await p.page.evaluate(() => window.__parley.stats())).find(
        (x) => x.kind === 'camera' && x.socketId === figures.socketId,
      );
      console.log(
        `# screen feed at ${p.name}: ${figures.framesDecoded} frames; tile ${tile.width}x${tile.height}, camera feed ${camera?.frameWidth}x${camera?.frameHeight}`,
      );
      assert.ok(tile.width > 0 && tile.height > 0);
      assert.notEqual(
        `${tile.width}x${tile.height}`,
        `${camera?.frameWidth}x${camera?.frameHeight}`,
      );
    }
    await screenshot(bob.page, 'sfu-screen-share');
    await alice.page.click(byTestId('share-screen'));
    await pollPage(
      bob.page,
      async (socketId) =>
        !(await window.__parley.stats()).some(
          (x) => x.kind === 'screen' && x.socketId === socketId,
        ),
      alice.socketId,
      { timeout: 15000, interval: 500, what: 'the screen feed gone' },
    );
  });
});
