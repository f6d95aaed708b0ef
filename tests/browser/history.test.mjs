// Issue 14 in real Chromium (docs/web.md "History", "Pre-flight", "Diagnostics", "Settings"):
// a call's diagnostics panel, then its history page with two stays of one person and the
// transcript oldest first; the /check page with fake devices and no TURN; changing the
// password in /settings.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { registerUser } from '../lib/rest.mjs';
import { serverSkip as skip } from '../lib/servers.mjs';
import { newParticipant, screenshot, useRig } from './lib/browser.mjs';
import {
  autojoin,
  byTestId,
  createMeetingViaApi,
  signInPage,
  waitForMedia,
} from './lib/meeting.mjs';

async function say(page, text) {
  if ((await page.getAttribute(byTestId('toggle-chat'), 'aria-pressed')) !== 'true')
    await page.click(byTestId('toggle-chat'));
  await page.fill(byTestId('chat-input'), text);
  await page.click(byTestId('chat-send'));
  await page.waitForSelector(`${byTestId('chat-message')}:has-text("${text}")`);
}

describe('history, pre-flight, diagnostics and settings', { skip }, () => {
  const rig = useRig();

  it('a call shows a direct path in diagnostics, then its history', async () => {
    const host = await createMeetingViaApi(rig.server.url);
    const id = host.meeting.meetingId;
    const a = await newParticipant(rig.chrome.browser, rig.server.url, { name: 'host' });
    const b = await newParticipant(rig.chrome.browser, rig.server.url, { name: 'guest' });
    await signInPage(a.page, rig.server.url, host);
    await autojoin(a.page, rig.server.url, id, 'ignored');
    await autojoin(b.page, rig.server.url, id, 'Bea');
    await waitForMedia(a.page, 1);

    // The tile's quality badge opens the panel; the one remote peer is reached directly.
    await a.page.click(byTestId('quality-badge'));
    const peer = `${byTestId('diagnostics-panel')} ${byTestId('diagnostics-peer')}`;
    await a.page.waitForSelector(`${peer}[data-path="direct"][data-verdict]`, { timeout: 20000 });
    assert.equal(await a.page.isVisible(byTestId('diagnostics-panel')), true);
    await screenshot(a.page, 'diagnostics');

    await say(a.page, 'first from host');
    await b.page.click(byTestId('leave-button'));
    await autojoin(b.page, rig.server.url, id, 'Bea'); // the same guest: a second stay
    await say(b.page, 'second from Bea');
    await say(a.page, 'third from host');
    const bea = await b.page.evaluate(() => JSON.parse(localStorage.getItem('parley.session')));
    await b.page.click(byTestId('leave-button'));
    await b.context.close();

    // From the home page's list to the meeting's record.
    await a.page.goto(`${rig.server.url}/`);
    await a.page.click(`${byTestId('history-link')}[href="/meetings/${id}"]`);
    await a.page.waitForSelector(byTestId('meeting-detail'));
    await a.page.waitForSelector(byTestId('transcript-message'));
    const stays = await a.page.$$eval(byTestId('attendee'), (rows) =>
      rows.map((r) => r.getAttribute('data-user-id')),
    );
    assert.equal(stays.filter((u) => u === bea.user.id).length, 2, JSON.stringify(stays));
    assert.equal(stays.filter((u) => u === host.user.id).length, 1, JSON.stringify(stays));
    const firstLeft = await a.page.textContent(
      `${byTestId('attendee')}[data-user-id="${bea.user.id}"] ${byTestId('attendee-left')}`,
    );
    assert.notEqual(firstLeft.trim(), 'still here');
    const texts = await a.page.$$eval(`${byTestId('transcript-message')} .message-text`, (els) =>
      els.map((e) => e.textContent),
    );
    assert.deepEqual(texts, ['first from host', 'second from Bea', 'third from host']);
    assert.equal(await a.page.locator(byTestId('export-button')).count(), 2);
    await screenshot(a.page, 'meeting-history');
    await a.context.close();
  });

  it('/check finds the fake camera and microphone, signaling, and no TURN', async () => {
    const user = await registerUser(rig.server.url, { prefix: 'check' });
    const p = await newParticipant(rig.chrome.browser, rig.server.url, { name: 'check' });
    await signInPage(p.page, rig.server.url, user);
    await p.page.goto(`${rig.server.url}/check`);
    await p.page.waitForSelector(`${byTestId('preflight-result')}[data-status]`, {
      timeout: 30000,
    });
    const items = await p.page.$$eval(byTestId('preflight-item'), (els) =>
      Object.fromEntries(
        els.map((e) => [
          e.getAttribute('data-check'),
          { status: e.getAttribute('data-status'), text: e.textContent },
        ]),
      ),
    );
    assert.deepEqual(Object.keys(items).sort(), [
      'camera',
      'microphone',
      'signaling',
      'turn',
      'udp',
    ]);
    for (const check of ['camera', 'microphone', 'signaling'])
      assert.equal(items[check].status, 'ok', `${check}: ${items[check].text}`);
    assert.equal(items.turn.status, 'fail');
    assert.match(items.turn.text, /no relay \(TURN\) server/);
    assert.equal(await p.page.getAttribute(byTestId('preflight-result'), 'data-status'), 'fail');
    await screenshot(p.page, 'preflight');
    await p.context.close();
  });

  it('settings change the password: the old one fails, the new one works', async () => {
    const user = await registerUser(rig.server.url, {
      prefix: 'settings',
      password: 'old password 1',
    });
    const p = await newParticipant(rig.chrome.browser, rig.server.url, {
      name: 'settings',
      viewport: { width: 390, height: 800 },
    });
    await signInPage(p.page, rig.server.url, user);
    await p.page.goto(`${rig.server.url}/`);
    await p.page.click(byTestId('nav-settings'));
    await p.page.fill(byTestId('old-password-input'), 'old password 1');
    await p.page.fill(byTestId('new-password-input'), 'new password 2');
    await p.page.click(byTestId('change-password-button'));
    await p.page.waitForSelector(byTestId('password-changed'));
    await screenshot(p.page, 'settings-phone');

    await p.page.click(byTestId('nav-home'));
    await p.page.click(byTestId('sign-out-button'));
    const form = byTestId('sign-in-form');
    await p.page.fill(byTestId('login-input'), user.username);
    await p.page.fill(`${form} ${byTestId('password-input')}`, 'old password 1');
    await p.page.click(byTestId('sign-in-button'));
    await p.page.waitForSelector(byTestId('error-message'), { timeout: 10000 });
    await p.page.fill(`${form} ${byTestId('password-input')}`, 'new password 2');
    await p.page.click(byTestId('sign-in-button'));
    await p.page.waitForSelector(byTestId('signed-in-user'), { timeout: 10000 });
    await p.context.close();
  });
});
