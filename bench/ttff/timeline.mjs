// Turns what a measured page reported (probe.mjs readPage) into figures: first-frame times
// and the per-step timeline, all in ms from the run's zero (the joiner's navigation start,
// or the click that started the join).

/**
 * Each step's time from `zero`: a step without a peer counts at its first mark; a per-peer
 * step (offer sent, ICE connected...) at the moment the last peer reached it, each peer at
 * its first mark. With `only` (socket ids), just the per-peer marks of those peers count
 * (another participant's view of one joiner).
 */
export function steps(page, zero = 0, { only = null, shift = 0 } = {}) {
  const first = new Map();
  for (const m of page.marks) {
    if (only && !only.includes(m.peer)) continue;
    const key = `${m.name}\u0000${m.peer ?? ''}`;
    if (!first.has(key)) first.set(key, m.at);
  }
  const out = {};
  for (const [key, at] of first) {
    const name = key.split('\u0000')[0];
    const t = at + shift - zero;
    out[name] = Math.max(out[name] ?? -Infinity, t);
  }
  if (page.nav && zero === 0 && shift === 0) {
    out['html received'] = page.nav.html;
    out['app assets loaded'] = page.assetsDone || undefined;
    out['DOM ready'] = page.nav.domReady;
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** First-frame times from `zero` on `page`, one per remote user id (its own clock). */
export function frameTimes(page, zero = 0) {
  return Object.fromEntries(Object.entries(page.frames).map(([id, at]) => [id, at - zero]));
}

/** The time on `other`'s clock `at` means on `page`'s (both are epoch-based time origins). */
export const shiftBetween = (other, page) => other.origin - page.origin;

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Per step, the median over runs of its time (steps missing from a run are left out). */
export function medianSteps(runs) {
  const names = new Set(runs.flatMap((r) => Object.keys(r)));
  const out = {};
  for (const n of names) out[n] = median(runs.map((r) => r[n]));
  return Object.fromEntries(Object.entries(out).sort((a, b) => a[1] - b[1]));
}
