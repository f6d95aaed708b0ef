// Home and pre-join: register, sign out and in, create a meeting (absolute link), join by id
// or link, history, a person stays signed in across reloads, readable errors, meeting
// passwords, and the room on a phone-sized screen.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newParticipant, screenshot, useRig } from './lib/browser.mjs';
import { autojoin, byTestId, createMeetingViaApi, waitForMedia } from './lib/meeting.mjs';
import { serverSkip as skip } from '../lib/servers.mjs';

describe('home and pre-join', { skip }, () => {
  const rig = useRig();

  it('registers, creates a meeting, stays signed in across reloads, signs out and in', async () => {
    const { page, context } = await newParticipant(rig.chrome.browser, rig.server.url);
    await page.goto(rig.server.url);
    await screenshot(page, 'home-signed-out');
    await page.click(byTestId('show-register'));
    const name = `user${Date.now().toString(36)}`;
    await page.fill(`${byTestId('register-form')} ${byTestId('username-input')}`, name);
    await page.fill(
      `${byTestId('register-form')} ${byTestId('email-input')}`,
      `${name}@example.test`,
    );
    await page.fill(
      `${byTestId('register-form')} ${byTestId('password-input')}`,
      'a good password',
    );
    await page.click(byTestId('register-button'));
    await page.waitForSelector(`${byTestId('signed-in-user')}:text("${name}")`);

    await page.click(byTestId('create-meeting-button'));
    const link = (await page.textContent(byTestId('meeting-link'), { timeout: 10000 })).trim();
    assert.match(link, new RegExp(`^${rig.server.url}/m/[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$`));
    const meetingId = link.split('/m/')[1];
    await page.waitForSelector(`${byTestId('history-item')}:has-text("${meetingId}")`, {
      timeout: 10000,
    });
    await screenshot(page, 'home-signed-in');

    await page.reload();
    await page.waitForSelector(`${byTestId('signed-in-user')}:text("${name}")`);

    await page.click(byTestId('sign-out-button'));
    await page.waitForSelector(byTestId('sign-in-form'));
    await page.fill(byTestId('login-input'), name);
    await page.fill(`${byTestId('sign-in-form')} ${byTestId('password-input')}`, 'wrong password!');
    await page.click(byTestId('sign-in-button'));
    const error = await page.textContent(byTestId('error-message'), { timeout: 10000 });
    assert.match(error, /username or password is not right/);
    await page.fill(`${byTestId('sign-in-form')} ${byTestId('password-input')}`, 'a good password');
    await page.click(byTestId('sign-in-button'));
    await page.waitForSelector(byTestId('create-meeting-button'));

    // Join by pasting the link: pre-join with a join button for a signed-in user.
    await page.fill(byTestId('join-id-input'), link);
    await page.click(byTestId('join-by-id-button'));
    await page.waitForURL(`**/m/${meetingId}`);
    await page.waitForSelector(byTestId('join-button'));
    await screenshot(page, 'prejoin');
    await page.click(byTestId('join-button'));
    await page.waitForSelector(byTestId('local-video'), { timeout: 20000 });
    await page.click(byTestId('leave-button'));
    await context.close();
  });

  it('explains unknown meetings and asks for a meeting password', async () => {
    const { page, context } = await newParticipant(rig.chrome.browser, rig.server.url);
    await page.goto(rig.server.url);
    await page.fill(byTestId('display-name-input'), 'Visitor');
    await page.click(byTestId('guest-button'));
    await page.fill(byTestId('join-id-input'), 'zzzz-zzzz-zzzz');
    await page.click(byTestId('join-by-id-button'));
    assert.match(
      await page.textContent(byTestId('error-message'), { timeout: 10000 }),
      /could not find that meeting/,
    );

    const host = await createMeetingViaApi(rig.server.url, { meetingPassword: 'sesame' });
    await page.goto(`${rig.server.url}/m/${host.meeting.meetingId}`);
    await page.waitForSelector(byTestId('meeting-password-input'));
    await page.fill(byTestId('meeting-password-input'), 'not sesame');
    await page.click(byTestId('join-button'));
    assert.match(
      await page.textContent(byTestId('error-message'), { timeout: 10000 }),
      /password is not right/,
    );
    await page.fill(byTestId('meeting-password-input'), 'sesame');
    await page.click(byTestId('join-button'));
    await page.waitForSelector(byTestId('local-video'), { timeout: 20000 });
    await context.close();
  });

  it('works on a phone-sized screen', async () => {
    const { meeting } = await createMeetingViaApi(rig.server.url);
    const phone = await newParticipant(rig.chrome.browser, rig.server.url, {
      name: 'phone',
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const desk = await newParticipant(rig.chrome.browser, rig.server.url, { name: 'desk' });
    await autojoin(phone.page, rig.server.url, meeting.meetingId, 'Phone');
    await autojoin(desk.page, rig.server.url, meeting.meetingId, 'Desk');
    await waitForMedia(phone.page, 1);
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone screen`);
    for (const id of ['toggle-audio', 'toggle-video', 'leave-button', 'toggle-chat']) {
      const box = await phone.page.locator(byTestId(id)).boundingBox();
      assert.ok(
        box && box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844,
        `${id} is off screen: ${JSON.stringify(box)}`,
      );
    }
    await screenshot(phone.page, 'phone-room');
    await phone.page.click(byTestId('toggle-chat'));
    await screenshot(phone.page, 'phone-chat');
    await phone.context.close();
    await desk.context.close();
  });
});
