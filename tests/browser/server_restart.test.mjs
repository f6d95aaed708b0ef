// The server restarts mid-meeting: media keeps flowing browser to browser while signaling is
// down (a "reconnecting" banner shows), then signaling recovers by itself: the room works
// again (media state and chat go through) without anyone reloading.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newParticipant, screenshot } from './lib/browser.mjs';
import {
  autojoin,
  byTestId,
  createMeetingViaApi,
  peerStats,
  selfUserId,
  waitForMedia,
  waitForParticipant,
} from './lib/meeting.mjs';
import { ParleyServer, skipReason, sleep } from './lib/server.mjs';

const skip = skipReason();

describe('server restart', { skip: skip ?? false }, () => {
  let server;
  let chrome;
  before(async () => {
    server = await new ParleyServer().start();
    chrome = await launchBrowser();
  });
  after(async () => {
    await chrome?.close();
    await server?.dispose();
  });

  it('keeps media flowing and recovers signaling', async () => {
    const { meeting } = await createMeetingViaApi(server.url);
    const a = await newParticipant(chrome.browser, server.url, { name: 'a' });
    const b = await newParticipant(chrome.browser, server.url, { name: 'b' });
    await autojoin(a.page, server.url, meeting.meetingId, 'Ann');
    await autojoin(b.page, server.url, meeting.meetingId, 'Ben');
    await waitForMedia(a.page, 1);
    await waitForMedia(b.page, 1);
    const annId = await selfUserId(a.page);

    await server.stop();
    await a.page.waitForSelector(byTestId('reconnecting-banner'), { timeout: 15000 });
    await b.page.waitForSelector(byTestId('reconnecting-banner'), { timeout: 15000 });
    const [down] = await peerStats(b.page);
    await sleep(2000);
    const [stillDown] = await peerStats(b.page);
    assert.ok(
      stillDown.framesDecoded > down.framesDecoded + 10,
      `video stopped while the server was down: ${down.framesDecoded} -> ${stillDown.framesDecoded}`,
    );
    assert.ok(
      stillDown.audioPacketsReceived > down.audioPacketsReceived,
      'audio stopped while the server was down',
    );
    await screenshot(b.page, 'server-restart-reconnecting');

    await server.start();
    for (const p of [a, b])
      await p.page.waitForSelector(byTestId('reconnecting-banner'), {
        state: 'detached',
        timeout: 30000,
      });
    // Still one connection each way, and it still carries media.
    const after1 = await waitForMedia(b.page, 1);
    await sleep(1000);
    const after2 = await waitForMedia(b.page, 1);
    assert.ok(after2[0].framesDecoded > after1[0].framesDecoded);
    await waitForMedia(a.page, 1);

    // Signaling works again: media state and chat reach the other side.
    await a.page.click(byTestId('toggle-audio'));
    await waitForParticipant(b.page, annId, { audio: 'off' }, 20000);
    await a.page.click(byTestId('toggle-chat'));
    await a.page.fill(byTestId('chat-input'), 'back again');
    await a.page.click(byTestId('chat-send'));
    await b.page.click(byTestId('toggle-chat'));
    await b.page.waitForSelector(`${byTestId('chat-message')}:has-text("back again")`, {
      timeout: 15000,
    });
    await screenshot(b.page, 'server-restart-recovered');
  });
});
