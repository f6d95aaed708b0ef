// The "Mesh and SFU" section of docs/benchmarks.md from one run of bench/sfu/sfu.mjs, between
// markers so that a later run can replace it in place.

export const BEGIN = '<!-- bench:sfu -->';
export const END = '<!-- /bench:sfu -->';

const fixed = (x, digits = 2) =>
  x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits);
const round = (x) =>
  x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Math.round(x).toLocaleString('en');
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
}

/** The joiner's steps (docs/web.md "Join sequence"), in the order a join reaches them. */
const STEPS = [
  ['app', "the app's code runs"],
  ['sio-connected', 'signaling connected'],
  ['join-ack', 'join acknowledged (topology `sfu`, the feeds listed)'],
  ['sfu-answer-received', "our camera published (Janus's answer)"],
  ['subscriptions up', 'every subscription up (ICE and DTLS), the last one'],
  ['sfu-dtls-connected', 'every SFU connection up, our publisher included'],
  ['room', 'the room on screen'],
  ['first remote frame', 'first remote frame presented'],
  ['all remote frames', 'every remote video presenting'],
];

/** Where a join's time goes: median ms from the navigation to each step, both browsers. */
function joinSteps(sfu) {
  const shared = sfu.join.timeline;
  const own = sfu.join_own_core.timeline;
  const out = [
    '',
    `Where the join's time goes: median ms from the joiner's navigation to each step over the ` +
      "runs, from the page's own `parley:*` marks (a per-connection step counts when the last " +
      'connection reached it).',
    '',
    "| step | shared browser | joiner's own core |",
    '|---|---|---|',
  ];
  for (const [key, label] of STEPS)
    out.push(`| ${label} | ${round(shared[key])} | ${round(own[key])} |`);
  out.push(
    '',
    '- From the last subscription up to every video presenting (median over the runs): ' +
      `${round(sfu.join.keyframe_wait_ms)} ms shared, ${round(sfu.join_own_core.keyframe_wait_ms)} ` +
      "ms on the joiner's own core. Janus forwards nothing of a " +
      "feed to a new subscriber before that sender's next keyframe, which its browser makes " +
      'when Janus asks (a PLI) once the connection is up. A mark is taken when the page gets ' +
      'to it, a frame at its presentation: on a starved page the wait can read negative.',
  );
  if (sfu.join.messages_sent !== undefined)
    out.push(
      "- Signaling messages in the joiner's page until then (WebSocket frames, median over the " +
        `runs): ${round(sfu.join.messages_sent)} sent and ${round(sfu.join.messages_received)} ` +
        `received shared, ${round(sfu.join_own_core.messages_sent)} and ` +
        `${round(sfu.join_own_core.messages_received)} on its own core.`,
    );
  return out;
}

/** One meeting size: the table, or what kept a path from carrying it. */
function size({ people, mesh, sfu }, cores) {
  const out = [`### ${people} people`, ''];
  for (const [name, r] of [
    ['mesh', mesh],
    ['SFU', sfu],
  ]) {
    if (r.error) out.push(`- The ${name} did not carry ${people} people here: ${r.error}`);
  }
  if (mesh.error && sfu.error) return out;
  const ok = (r, f) => (r.error ? null : f(r));
  const ratio = (f) => {
    const a = ok(mesh, f);
    const b = ok(sfu, f);
    // A mesh figure that shows as zero (the server's CPU) has no meaningful ratio.
    return a !== null && a >= 0.001 && b !== null ? b / a : null;
  };
  const rows = [
    [`Chromium CPU, all ${people} participants (cores)`, (r) => r.chromium_cores, fixed],
    ['uplink per participant, median (kbit/s)', (r) => median(r.uplink_kbps), round],
    ['uplink, all participants (kbit/s)', (r) => sum(r.uplink_kbps), round],
    ['parley-server CPU (cores)', (r) => r.server_cores, (x) => fixed(x, 3)],
  ];
  out.push('', '| figure | mesh | SFU | SFU / mesh |', '|---|---|---|---|');
  for (const [label, f, show] of rows)
    out.push(`| ${label} | ${show(ok(mesh, f))} | ${show(ok(sfu, f))} | ${fixed(ratio(f))} |`);
  if (!sfu.error) {
    const perFeed = (sfu.janus_cores * 1000) / sfu.forwarded_feeds;
    out.push(
      `| Janus CPU (cores) | | ${fixed(sfu.janus_cores, 3)} | |`,
      '',
      `- Janus forwards ${sfu.forwarded_feeds} feeds (each publisher's audio and simulcast ` +
        `video to each of the other ${people - 1}): **${fixed(perFeed, 1)} ms of Janus CPU per ` +
        'forwarded feed per second**.',
      `- Join to all videos on the SFU: a newcomer's navigation to all ${people - 1} remote ` +
        'videos presenting a frame, measured in the page as the time-to-first-frame bench does ' +
        '(`requestVideoFrameCallback` with `videoWidth > 0`, bench/ttff/probe.mjs): runs ' +
        `${sfu.join.ms.map(round).join(', ')} ms, **median ${round(sfu.join.median_ms)} ms**. ` +
        "From a Chromium of the joiner's own (its last core, raised priority; the others keep " +
        `both cores): runs ${sfu.join_own_core.ms.map(round).join(', ')} ms, ` +
        `**median ${round(sfu.join_own_core.median_ms)} ms**.`,
      ...joinSteps(sfu),
    );
  }
  const saturated = [mesh, sfu].some((r) => !r.error && r.chromium_cores > 0.8 * cores);
  if (saturated)
    out.push(
      `- Chromium used nearly all ${cores} cores: the CPU ratio then compares two saturated ` +
        "runs (each path's encoders and decoders slowed to what the cores allow), not the " +
        "paths' costs; the uplink and Janus figures are the ones to read.",
    );
  out.push('');
  return out;
}

/** How fast the machine was at the run's start and end (bench/sfu/machine_speed.mjs). */
function speedLine(speed) {
  if (!speed?.length) return [];
  const at = (x) => `${round(x.x25519_per_s)} (load average ${fixed(x.load, 1)})`;
  return [
    '',
    'Machine speed, X25519 key agreements per second on one core (node:crypto), at the start ' +
      `and the end of the run: ${speed.map(at).join(' and ')}. A shared machine's speed drifts ` +
      'between runs, and every figure here moves with it.',
  ];
}

export function render(r, command = 'scripts/bench.sh --only sfu') {
  return [
    BEGIN,
    '## Mesh and SFU',
    '',
    'One meeting in one Chromium (a context per participant, a 640x360 10 fps clip as camera), ' +
      'first on the mesh, then through Janus (`--sfu-threshold 0`); figures over ' +
      `${r.window_s} s of steady media on a ${r.cores}-core machine. \`${command}\` ` +
      `(${Math.round(r.elapsed_s)} s). Targets (issue 15): the SFU at most 0.5× the mesh's ` +
      'Chromium CPU at 6 people; join to all videos at most 1,500 ms at 6 people.',
    ...speedLine(r.speed),
    '',
    ...r.sizes.flatMap((one) => size(one, r.cores)),
    END,
    '',
  ].join('\n');
}
