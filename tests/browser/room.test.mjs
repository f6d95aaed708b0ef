// In the room: mute and camera-off seen by the others, screen share received and shown
// large, chat delivered live and kept in history, raised hands, leave and rejoin.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { newParticipant, screenshot, useRig } from './lib/browser.mjs';
import {
  autojoin,
  byTestId,
  createMeetingViaApi,
  peerStats,
  pollPage,
  selfUserId,
  waitForMedia,
  waitForParticipant,
  waitForRemoteVideos,
} from './lib/meeting.mjs';
import { serverSkip as skip } from '../lib/servers.mjs';

describe('room features', { skip }, () => {
  const rig = useRig();
  let alice;
  let bob;
  let aliceId;
  let bobId;
  let meetingId;

  before(async () => {
    ({
      meeting: { meetingId },
    } = await createMeetingViaApi(rig.server.url));
    alice = await newParticipant(rig.chrome.browser, rig.server.url, { name: 'alice' });
    bob = await newParticipant(rig.chrome.browser, rig.server.url, { name: 'bob' });
    await autojoin(alice.page, rig.server.url, meetingId, 'Alice');
    await autojoin(bob.page, rig.server.url, meetingId, 'Bob');
    aliceId = await selfUserId(alice.page);
    bobId = await selfUserId(bob.page);
    await waitForMedia(alice.page, 1);
    await waitForMedia(bob.page, 1);
  });

  it('lists everyone, self included, with names and media state', async () => {
    for (const page of [alice.page, bob.page]) {
      await waitForParticipant(page, aliceId, { audio: 'on', video: 'on', hand: 'down' });
      await waitForParticipant(page, bobId, { audio: 'on', video: 'on', hand: 'down' });
    }
    const names = await bob.page.$$eval('[data-testid="tile"] .tile-name', (els) =>
      els.map((e) => e.textContent),
    );
    assert.deepEqual(names.sort(), ['Alice', 'Bob (you)']);
  });

  it('shows mute and camera-off to the others (buttons and M/V keys)', async () => {
    await alice.page.click(byTestId('toggle-audio'));
    await waitForParticipant(bob.page, aliceId, { audio: 'off', video: 'on' });
    await waitForParticipant(alice.page, aliceId, { audio: 'off' });
    await alice.page.click(byTestId('toggle-video'));
    await waitForParticipant(bob.page, aliceId, { audio: 'off', video: 'off' });
    await screenshot(bob.page, 'room-peer-muted-camera-off');
    await alice.page.keyboard.press('m');
    await waitForParticipant(bob.page, aliceId, { audio: 'on', video: 'off' });
    await alice.page.keyboard.press('v');
    await waitForParticipant(bob.page, aliceId, { audio: 'on', video: 'on' });
    assert.equal(await alice.page.getAttribute(byTestId('toggle-audio'), 'aria-pressed'), 'true');
  });

  it('copies the absolute invite link', async () => {
    await alice.page.click(byTestId('copy-link'));
    const copied = await alice.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, `${rig.server.url}/m/${meetingId}`);
  });

  it('shows raised hands to everyone', async () => {
    await bob.page.click(byTestId('raise-hand'));
    await waitForParticipant(alice.page, bobId, { hand: 'up' });
    await waitForParticipant(bob.page, bobId, { hand: 'up' });
    await bob.page.click(byTestId('raise-hand'));
    await waitForParticipant(alice.page, bobId, { hand: 'down' });
  });

  it('delivers chat live, counts unread, and keeps it in history for newcomers', async () => {
    await alice.page.click(byTestId('toggle-chat'));
    await alice.page.fill(byTestId('chat-input'), 'Hello from Alice');
    await alice.page.click(byTestId('chat-send'));
    await bob.page.waitForSelector(`${byTestId('unread-count')}:text("1")`, { timeout: 10000 });
    await bob.page.click(byTestId('toggle-chat'));
    await bob.page.waitForSelector(`${byTestId('chat-message')}:has-text("Hello from Alice")`, {
      timeout: 10000,
    });
    await bob.page.fill(byTestId('chat-input'), 'Hi Alice');
    await bob.page.keyboard.press('Enter');
    await alice.page.waitForSelector(`${byTestId('chat-message')}:has-text("Hi Alice")`, {
      timeout: 10000,
    });
    const texts = await alice.page.$$eval(byTestId('chat-message'), (els) =>
      els.map((e) => e.textContent),
    );
    assert.equal(texts.length, 2);
    assert.match(texts[0], /Hello from Alice/);
    assert.match(texts[1], /Hi Alice/);
    await screenshot(alice.page, 'room-chat');

    const carol = await newParticipant(rig.chrome.browser, rig.server.url, { name: 'carol' });
    await autojoin(carol.page, rig.server.url, meetingId, 'Carol');
    await carol.page.click(byTestId('toggle-chat'));
    await carol.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="chat-message"]').length === 2,
      null,
      { timeout: 10000 },
    );
    await carol.context.close();
    await alice.page.click(byTestId('toggle-chat'));
    await bob.page.click(byTestId('toggle-chat'));
  });

  it('sends a shared screen in place of the camera and shows it as the large tile', async () => {
    const before = (await peerStats(bob.page))[0];
    await alice.page.click(byTestId('share-screen'));
    await alice.page.waitForSelector(`${byTestId('share-screen')}[aria-pressed="true"]`, {
      timeout: 30000,
    });
    await bob.page.waitForSelector(
      `.tile.large ${byTestId('remote-video')}[data-user-id="${aliceId}"]`,
      { timeout: 15000 },
    );
    // Frames keep decoding from the new source, at its resolution.
    await pollPage(
      bob.page,
      async (frames) => {
        const [peer] = await window.__parley.stats();
        return peer && peer.framesDecoded > frames + 10;
      },
      before.framesDecoded,
      { timeout: 15000, interval: 500, what: 'frames of the screen share' },
    );
    await screenshot(bob.page, 'room-screen-share-received');
    await screenshot(alice.page, 'room-screen-share-sender');
    await alice.page.click(byTestId('share-screen'));
    await bob.page.waitForSelector('.tile.large', { state: 'detached', timeout: 15000 });
  });

  it('lets a participant leave and rejoin', async () => {
    await bob.page.click(byTestId('leave-button'));
    await alice.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="remote-video"]').length === 0,
      null,
      { timeout: 15000 },
    );
    assert.equal((await peerStats(alice.page)).length, 0);
    await bob.page.click(byTestId('rejoin-button'));
    await bob.page.click(byTestId('join-button'));
    await waitForRemoteVideos(alice.page, 1);
    await waitForRemoteVideos(bob.page, 1);
    await waitForMedia(alice.page, 1);
    await waitForMedia(bob.page, 1);
  });
});
