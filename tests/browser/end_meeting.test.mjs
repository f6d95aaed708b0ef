// The host ends the meeting for everyone: every participant, host included, sees
// `meeting-ended`, media stops, and the meeting can't be joined again.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newParticipant, screenshot } from './lib/browser.mjs';
import {
  autojoin,
  byTestId,
  createMeetingViaApi,
  signInPage,
  waitForMedia,
} from './lib/meeting.mjs';
import { ParleyServer, skipReason } from './lib/server.mjs';

const skip = skipReason();

describe('ending a meeting', { skip: skip ?? false }, () => {
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

  it('host ends it for everyone', async () => {
    const host = await createMeetingViaApi(server.url);
    const hostPage = await newParticipant(chrome.browser, server.url, { name: 'host' });
    const guests = [
      await newParticipant(chrome.browser, server.url, { name: 'g1' }),
      await newParticipant(chrome.browser, server.url, { name: 'g2' }),
    ];
    await signInPage(hostPage.page, server.url, host);
    await autojoin(hostPage.page, server.url, host.meeting.meetingId, 'ignored');
    for (const [i, g] of guests.entries())
      await autojoin(g.page, server.url, host.meeting.meetingId, `Guest ${i + 1}`);
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
    await guests[1].page.goto(`${server.url}/m/${host.meeting.meetingId}`);
    await guests[1].page.waitForSelector(byTestId('meeting-ended'), { timeout: 15000 });
  });
});
