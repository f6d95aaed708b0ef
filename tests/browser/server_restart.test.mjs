// The server restarts mid-meeting: media keeps flowing browser to browser while signaling is
// down (a "reconnecting" banner shows), then signaling recovers by itself: the room works
// again (media state and chat go through) without anyone reloading.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newParticipant, screenshot, useRig } from './lib/browser.mjs';
import {
  autojoin,
  byTestId,
  createMeetingViaApi,
  peerStats,
  selfUserId,
  waitForMedia,
  waitForMoreMedia,
  waitForParticipant,
} from './lib/meeting.mjs';
import { serverSkip as skip } from '../lib/servers.mjs';

describe('server restart', { skip }, () => {
  const rig = useRig();

  it('keeps media flowing and recovers signaling', async () => {
    const { meeting } = await createMeetingViaApi(rig.server.url);
    const a = await newParticipant(rig.chrome.browser, rig.server.url, { name: 'a' });
    const b = await newParticipant(rig.chrome.browser, rig.server.url, { name: 'b' });
    await autojoin(a.page, rig.server.url, meeting.meetingId, 'Ann');
    await autojoin(b.page, rig.server.url, meeting.meetingId, 'Ben');
    await waitForMedia(a.page, 1);
    await waitForMedia(b.page, 1);
    const annId = await selfUserId(a.page);

    await rig.server.stop();
    await a.page.waitForSelector(byTestId('reconnecting-banner'), { timeout: 15000 });
    await b.page.waitForSelector(byTestId('reconnecting-banner'), { timeout: 15000 });
    // Video and audio keep arriving while the server is down.
    const [down] = await peerStats(b.page);
    await waitForMoreMedia(b.page, down);
    assert.equal(rig.server.running(), false);
    await screenshot(b.page, 'server-restart-reconnecting');

    rig.server = await rig.server.restart();
    for (const p of [a, b])
      await p.page.waitForSelector(byTestId('reconnecting-banner'), {
        state: 'detached',
        timeout: 30000,
      });
    // Still one connection each way, and it still carries media.
    const [after1] = await waitForMedia(b.page, 1);
    await waitForMoreMedia(b.page, after1);
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
