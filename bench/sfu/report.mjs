// The "Mesh and SFU" section of docs/benchmarks.md from one run of bench/sfu/sfu.mjs, between
// markers so bench/run.py can replace it in place.

export const BEGIN = '<!-- bench:sfu -->';
export const END = '<!-- /bench:sfu -->';

const fixed = (x, digits = 2) => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));
const round = (x) => (x === null || x === undefined ? 'n/a' : Math.round(x).toLocaleString('en'));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

export function render(r, command = 'scripts/bench.sh --only sfu') {
  const { mesh, sfu } = r;
  const ratio = mesh.chromium_cores > 0 ? sfu.chromium_cores / mesh.chromium_cores : null;
  const perFeed = sfu.janus_cores !== null ? (sfu.janus_cores * 1000) / sfu.forwarded_feeds : null;
  const lines = [
    BEGIN,
    '## Mesh and SFU: one 6-person meeting',
    '',
    `${r.people} participants in one Chromium (a context each, a 640x360 10 fps clip as camera), ` +
      `first on the mesh, then through Janus (\`--sfu-threshold 0\`); figures over ${r.window_s} s ` +
      `of steady media on a ${r.cores}-core machine. \`${command}\` (${Math.round(r.elapsed_s)} s).`,
    '',
    '| figure | mesh | SFU | SFU / mesh |',
    '|---|---|---|---|',
    `| Chromium CPU, all ${r.people} participants (cores) | ${fixed(mesh.chromium_cores)} | ${fixed(sfu.chromium_cores)} | ${fixed(ratio)} |`,
    `| uplink per participant, median (kbit/s) | ${round(median(mesh.uplink_kbps))} | ${round(median(sfu.uplink_kbps))} | ${fixed(median(sfu.uplink_kbps) / median(mesh.uplink_kbps))} |`,
    `| uplink, all participants (kbit/s) | ${round(sum(mesh.uplink_kbps))} | ${round(sum(sfu.uplink_kbps))} | |`,
    `| parley-server CPU (cores) | ${fixed(mesh.server_cores, 3)} | ${fixed(sfu.server_cores, 3)} | |`,
    `| Janus CPU (cores) | | ${fixed(sfu.janus_cores, 3)} | |`,
    '',
    `- Janus forwards ${sfu.forwarded_feeds} feeds (each publisher's audio and simulcast video ` +
      `to each of the other ${r.people - 1}): **${fixed(perFeed, 1)} ms of Janus CPU per ` +
      'forwarded feed per second**.',
    `- Join to all videos on the SFU: a ${r.people}th person's navigation to all ` +
      `${r.people - 1} remote videos playing, measured in the page (every 20 ms: each ` +
      '`<video>` has a size and its time advances): ' +
      `runs ${sfu.join_all_videos_ms.map((x) => round(x)).join(', ')} ms, ` +
      `**median ${round(sfu.join_all_videos_median_ms)} ms** (target: at most 1,500 ms).`,
    `- Target for the SFU: at most 0.5× the mesh's Chromium CPU; this run: ${fixed(ratio)}×.`,
    END,
    '',
  ];
  return lines.join('\n');
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
}
