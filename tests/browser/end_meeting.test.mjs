// The host ends the meeting for everyone: every participant, host included, sees
// `meeting-ended`, media stops, and the meeting can't be joined again.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newParticipant, screenshot, useRig } from './lib/browser.mjs';
import {
  autojoin,
  byTestId,
  createMeetingViaApi,
  signInPage,
  waitForMedia,
} from './lib/meeting.mjs';
import { serverSkip as skip } from '../lib/servers.mjs';

describe('ending a meeting', { skip }, () => {
  const rig = useRig();

  it('host ends it for everyone', async () => {
    const host = await createMeetingViaApi(rig.server.url);
    const hostPage = await newParticipant(rig.chrome.browser, rig.server.url, { name: 'host' });
    const guests = [
      await newParticipant(rig.chrome.browser, rig.server.url, { name: 'g1' }),
      await newParticipant(rig.chrome.browser, rig.server.url, { name: 'g2' }),
    ];
    await signInPage(hostPage.page, rig.server.url, host);
    await autojoin(hostPage.page, rig.server.url, host.meeting.meetingId, 'ignored');
    for (const [i, g] of guests.entries())
      await autojoin(g.page, rig.server.url, host.meeting.meetingId, `Guest ${i + 1}`);
    await waitForMedia(hostPage.page, 2);

    for (const g of guests)
      assert.equal(await g.page.$(byTestId('end-meeting-button')), null, 'only the host may end');
    await hostPage.page.click(byTestId('end-meeting-button'));
    await hostPage.page.click(byTestId('confirm-end-meeting'));
    for (const p of [hostPage, ...guests]) {
      await p.page.waitForSelector(byTestId('meeting-ended'), { timeout: 15000 });
      assert.equal(await p.page.$(byTestId('local-video')), null);
    }
    await screenshot(guests[0].page, 'meeting-ended');

    // The camera is released: no live local tracks remain in the page.
    const live = await guests[0].page.evaluate(
      () =>
        [...document.querySelectorAll('video')]
          .flatMap((v) => v.srcObject?.getTracks?.() ?? [])
          .filter((t) => t.readyState === 'live').length,
    );
    assert.equal(live, 0);

    // Opening the link again shows the ended screen instead of a pre-join.
    await guests[1].page.goto(`${rig.server.url}/m/${host.meeting.meetingId}`);
    await guests[1].page.waitForSelector(byTestId('meeting-ended'), { timeout: 15000 });
  });
});
