#!/usr/bin/env node
// Time to first frame (docs/benchmarks.md "Time to first frame"): starts parley-server with
// the built client and Debian's Chromium, runs each scenario `--runs` times and prints one
// JSON object (every run's figures and timeline). Started by bench/run.py inside a private
// network namespace (`unshare --net`, loopback only), as the browser tests are.
//
//   node bench/ttff/ttff.mjs --server build/server/parley-server --web-root web/dist
//        [--runs 10] [--only two,four,return,home] [--nice=-20]
// (`two` runs the floor page too, alternating with it.)

import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    server: { type: 'string' },
    'web-root': { type: 'string' },
    runs: { type: 'string', default: '10' },
    only: { type: 'string', default: 'two,four,return,home' },
    // Autogroup nice for the server's and Chromium's sessions (bench/run.py passes -20).
    nice: { type: 'string' },
  },
});
if (!opts.server || !opts['web-root']) {
  console.error('usage: ttff.mjs --server BIN --web-root DIR [--runs N] [--only LIST]');
  process.exit(2);
}
// tests/lib/servers.mjs reads the binary from the environment when it loads.
process.env.PARLEY_SERVER_BIN = opts.server;
const { startServer } = await import('../../tests/lib/servers.mjs');
const { launchBrowser } = await import('../../tests/browser/lib/browser.mjs');
const { serveFloor } = await import('./floor.mjs');
const s = await import('./scenarios.mjs');
const { raiseChildren } = await import('./priority.mjs');

const runs = Number(opts.runs);
const only = new Set(opts.only.split(','));
const log = (msg) => console.error(`[ttff ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** `count` runs of `once()`, each logged; a failed run is kept as `{error}`. */
async function series(label, count, once) {
  const out = [];
  for (let i = 0; i < count; i++) {
    try {
      const r = await once(i);
      out.push(r);
      log(`${label} ${i + 1}/${count}: ${Math.round(r.joiner_all_ms ?? r.joiner_first_ms)} ms`);
    } catch (error) {
      out.push({ error: String(error.message ?? error).split('\n')[0] });
      log(`${label} ${i + 1}/${count}: ${out.at(-1).error}`);
    }
  }
  return out;
}

const server = await startServer({ webRoot: opts['web-root'] });
const chrome = await launchBrowser();
const floor = await serveFloor();
if (opts.nice !== undefined) raiseChildren(Number(opts.nice));
const env = { server: server, browser: chrome.browser, floor };
const results = { chromium: chrome.browser.version(), runs, scenarios: {} };
const started = Date.now();
try {
  if (only.has('two')) {
    // The floor alternates with the 2-person join, so both see the same machine load.
    const room = await s.openRoom(env, 1);
    const floorRuns = [];
    results.scenarios.two = await series('two', runs, async () => {
      floorRuns.push(...(await series('floor', 1, () => s.floorOnce(env))));
      return s.joinOnce(env, room);
    });
    results.scenarios.floor = floorRuns;
    await room.close();
  }
  if (only.has('four')) {
    const room = await s.openRoom(env, 3);
    results.scenarios.four = await series('four', runs, () => s.joinOnce(env, room));
    await room.close();
  }
  if (only.has('return') || only.has('home')) {
    const room = await s.openRoom(env, 1);
    if (only.has('return'))
      results.scenarios.return = await series('return', runs, () => s.returnOnce(env, room));
    if (only.has('home')) {
      const auth = await s.signedInUser(env);
      results.scenarios.home = await series('home', runs, () => s.homeOnce(env, room, auth));
    }
    await room.close();
  }
} finally {
  results.elapsed_s = (Date.now() - started) / 1000;
  await floor.close();
  await chrome.close();
  await server.stop();
}
process.stdout.write(`${JSON.stringify(results)}\n`);
