// Launches Debian's Chromium with fake camera, microphone and screen (docs/web.md, "Tests"),
// one browser context per participant; useRig() gives a suite a server and a browser.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer, webRoot } from '../../lib/servers.mjs';
import { testTls } from '../../lib/tls.mjs';

const repoRoot = resolve(import.meta.dirname, '../../..');
export const screenshotDir = join(repoRoot, 'artifacts/screenshots');

/**
 * `executablePath` replaces Chromium (e.g. a wrapper that runs it in a network namespace);
 * `args` are more switches; `fakeCameras`: how many fake cameras Chromium offers (its
 * fake-device `device-count`).
 */
export async function launchBrowser({ executablePath, args = [], fakeCameras = 1 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  const browser = await chromium.launch({
    executablePath: executablePath ?? process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
    ignoreDefaultArgs: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      fakeCameras > 1
        ? `--use-fake-device-for-media-stream=device-count=${fakeCameras}`
        : '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--auto-select-desktop-capture-source=Entire screen',
      '--auto-accept-this-tab-capture',
      '--allow-loopback-in-peer-connection',
      // The TLS pass serves a test certificate the browser has never seen.
      ...(testTls ? ['--ignore-certificate-errors'] : []),
      // Background tabs must keep rendering and decoding video.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      '--autoplay-policy=no-user-gesture-required',
      `--user-data-dir=${profile}`,
      '--remote-debugging-pipe',
      '--no-startup-window',
      ...args,
    ],
  });
  const close = async () => {
    await browser.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  return { browser, close };
}

/** A participant: a fresh context (own cookies, storage and fake devices) and one page. */
export async function newParticipant(browser, baseUrl, options = {}) {
  const context = await browser.newContext({
    permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
    viewport: options.viewport ?? { width: 1280, height: 720 },
    baseURL: baseUrl,
    ...(options.isMobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  // Runs in every page of this participant before the client (e.g. to break something).
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page ${options.name ?? ''}] ${error.message}`));
  if (process.env.PARLEY_TEST_CONSOLE)
    page.on('console', (m) => console.error(`[console ${options.name ?? ''}] ${m.text()}`));
  return { context, page, name: options.name ?? '' };
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/**
 * Registers the suite's hooks: before, a parley-server serving the built client (a fresh
 * SQLite store) and a Chromium; after, both closed. Returns `{server, chrome}`, filled in
 * before the first test runs. `browserOptions` go to launchBrowser().
 */
export function useRig(browserOptions = {}) {
  const rig = {};
  before(async () => {
    rig.server = await startServer({ webRoot: webRoot() });
    rig.chrome = await launchBrowser(browserOptions);
  });
  after(async () => {
    await rig.chrome?.close();
    await rig.server?.stop();
  });
  return rig;
}
