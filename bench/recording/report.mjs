// The "Recording" section of docs/benchmarks.md from one run of bench/recording/recording.mjs,
// between markers so that a later run can replace it in place.

export const BEGIN = '<!-- bench:recording -->';
export const END = '<!-- /bench:recording -->';

const fixed = (x, digits = 1) =>
  x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits);

/** One row of the table: a meeting size's figures, or what kept it from being measured. */
function row(r) {
  if (r.error) return `| ${r.people} | not measured: ${r.error} | | | | | | |`;
  const minutes = r.duration_ms / 60000;
  const perMinute = r.processing_ms / 1000 / minutes;
  const factor = r.duration_ms / r.processing_ms;
  const met = factor > 1 ? 'yes' : 'no';
  return (
    `| ${r.people} | ${fixed(r.duration_ms / 1000)} | ${fixed(r.processing_ms / 1000)} | ` +
    `**${fixed(perMinute)}** | 60.0 | **${fixed(factor, 2)}×** (${met}) | ` +
    `${fixed(r.cpu_s / minutes)} | ${r.load.join(' → ')} |`
  );
}

export function render(r, command = 'scripts/bench.sh --only recording') {
  return [
    BEGIN,
    '## Recording',
    '',
    `\`${command}\` (${Math.round(r.elapsed_s)} s): for each meeting size, a real ` +
      `${r.seconds} s recording through the whole stack (Chromium participants with the SFU ` +
      "tests' 640x360 10 fps clip and the fake microphone, Janus recording every publisher, " +
      'parley-server), then everyone leaves and the server processes it (janus-pp-rec per ' +
      'track, one ffmpeg run composing the 1280x720 layout, ffprobe: docs/recording.md ' +
      '"Processing"). Processing time is the worker\'s own (`processingMs` of its ' +
      '`recording_ready` log line), on this ' +
      `${r.cores}-core machine; its programs' CPU is the server's reaped children's ticks. ` +
      'Target (issue 17): faster than real time, i.e. under 60 s of processing per recorded ' +
      'minute (a real-time factor above 1).',
    '',
    '| people | recorded (s) | processing (s) | processing per recorded minute (s) | ' +
      'real time (s per minute) | real-time factor (met) | CPU per recorded minute (s) | ' +
      'load average (stop → ready) |',
    '|---|---|---|---|---|---|---|---|',
    ...r.sizes.map(row),
    '',
    `Load average at start ${r.load_start}, at end ${r.load_end}. The participants' browsers ` +
      'are part of it; a load well above the cores while processing (the last column) means ' +
      'the worker competed for them, and its times are then pessimistic. The CPU column is the ' +
      'less load-dependent figure (above the wall time when ffmpeg used both cores).',
    END,
    '',
  ].join('\n');
}
