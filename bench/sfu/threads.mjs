#!/usr/bin/env node
// Where Chromium's CPU goes in one meeting (bench/README.md "Mesh and SFU"): the meeting of the
// SFU bench (bench/sfu/meeting.mjs: one Chromium, a context per participant, the 640x360
// 10 fps clip as camera), held on the mesh or through Janus; once media flows between
// everyone, every Chromium thread's CPU over a window, summed by process type and thread name
// (the kernel keeps 15 bytes of a name; a trailing number is dropped, so a pool's threads sum).
// Prints a markdown table, largest first, and the share of the threads whose name says audio.
// Runs inside a private network namespace, as the SFU bench does:
//
//   unshare --net sh -c "ip link set lo up && exec node bench/sfu/threads.mjs \
//     --server build/server/parley-server --web-root web/dist [--via sfu|mesh] [--people 6] \
//     [--window 20]"

import { parseArgs } from 'node:util';
import { sleep } from '../../tests/lib/process.mjs';
import { chromiums, chromiumType, threadTicks, TICKS_PER_S } from './cpu.mjs';
import { fill, startRig } from './meeting.mjs';

const { values: opts } = parseArgs({
  options: {
    server: { type: 'string' },
    'web-root': { type: 'string' },
    via: { type: 'string', default: 'sfu' },
    people: { type: 'string', default: '6' },
    window: { type: 'string', default: '20' },
  },
});
if (!opts.server || !opts['web-root'] || !['sfu', 'mesh'].includes(opts.via)) {
  console.error('usage: threads.mjs --server BIN --web-root DIR [--via sfu|mesh] [--people N]');
  process.exit(2);
}
process.env.PARLEY_SERVER_BIN = opts.server;
const { createMeetingViaApi } = await import('../../tests/browser/lib/meeting.mjs');
const { ensureVeth } = await import('../../tests/sfu-browser/lib/rig.mjs');
const { writeClip } = await import('../../tests/sfu-browser/lib/y4m.mjs');
const log = (msg) => console.error(`[threads ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** Ticks so far of every Chromium thread, by `pid/tid`, with its group's name. */
function sample() {
  const out = new Map();
  for (const p of chromiums()) {
    const type = chromiumType(p.pid);
    for (const t of threadTicks(p.pid))
      out.set(`${p.pid}/${t.tid}`, {
        group: `${type} | ${t.name.replace(/\d+$/, '')}`,
        ticks: t.ticks,
      });
  }
  return out;
}

ensureVeth();
const people = Number(opts.people);
const rig = await startRig(opts.via, writeClip(), opts['web-root']);
try {
  const { meeting } = await createMeetingViaApi(rig.server.url);
  await fill(rig, meeting, opts.via, people, log);
  log(`media flows between all ${people}; measuring ${opts.window} s`);
  await sleep(3000);
  const a = sample();
  const started = performance.now();
  await sleep(Number(opts.window) * 1000);
  const b = sample();
  const seconds = (performance.now() - started) / 1000;
  const groups = new Map();
  for (const [id, { group, ticks }] of b)
    groups.set(group, (groups.get(group) ?? 0) + ticks - (a.get(id)?.ticks ?? 0));
  const all = [...groups].map(([group, ticks]) => [group, ticks / TICKS_PER_S / seconds]);
  const sum = (rows) => rows.reduce((s, [, cores]) => s + cores, 0);
  const total = sum(all);
  const audio = sum(all.filter(([g]) => /audio/i.test(g)));
  const rows = all.filter(([, cores]) => cores >= 0.005).sort((x, y) => y[1] - x[1]);
  const lines = [
    `${people} people on the ${opts.via}, ${seconds.toFixed(1)} s: Chromium ${total.toFixed(2)} ` +
      `cores, of which threads named for audio ${audio.toFixed(2)}`,
    '',
    '| process | thread | cores |',
    '|---|---|---|',
    ...rows.map(([g, c]) => `| ${g.split(' | ').join(' | ')} | ${c.toFixed(3)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await rig.stop();
}
