// Network adaptation for what we publish to the SFU (docs/web.md "Network adaptation", "On the
// SFU"): the mesh rule (net_adapt.ts `step`) run on the one connection to the SFU, whose
// ceiling is the sum of the simulcast layers. The cap switches whole layers off, top first;
// the lowest layer stays on, at most the cap, until the rule pauses video. Pure.

import { LOWER_BELOW, MIN_VIDEO_KBPS, type AdaptState, type SendLevel } from './net_adapt';

/** One layer as the publisher negotiated it (its rid and own maxBitrate, bit/s). */
export interface Layer {
  rid?: string;
  maxBitrate?: number;
}

/** What one layer gets: sent or not, and its max bitrate (bit/s). */
export interface LayerSetting {
  active: boolean;
  maxBitrate: number;
}

const kbpsOf = (layer: Layer) => (layer.maxBitrate ?? 0) / 1000;

/** The rule's ceiling on the SFU connection: every layer at its own maximum, kbit/s. */
export function simulcastCeilingKbps(layers: readonly Layer[]): number {
  return layers.reduce((sum, layer) => sum + kbpsOf(layer), 0);
}

/**
 * The settings for `layers` (in the publisher's order) under state `s`: from the lowest
 * bitrate up, a layer is sent while the layers sent so far fit the cap; the lowest always is,
 * at no more than the cap (or a probe's max bitrate). A probe (net_adapt.ts) also switches on
 * the next layer up: the browser probes only for bitrate its encodings may use, and a sender
 * held to its lowest layer would otherwise never see an estimate that makes room for the next.
 */
export function simulcastFor(s: AdaptState, layers: readonly Layer[]): LayerSetting[] {
  const ceiling = simulcastCeilingKbps(layers);
  const cap = Math.min(ceiling, s.capKbps);
  const order = layers.map((layer, i) => ({ i, kbps: kbpsOf(layer) }));
  order.sort((a, b) => a.kbps - b.kbps);
  let sent = 1;
  for (let used = order[0]?.kbps ?? 0; sent < order.length; sent++) {
    used += order[sent]!.kbps;
    if (used > cap) break;
  }
  if (s.probeKbps > 0) sent = Math.min(order.length, sent + 1);
  const out: LayerSetting[] = layers.map((layer) => ({
    active: false,
    maxBitrate: layer.maxBitrate ?? 0,
  }));
  const lowestMax = Math.min(ceiling, Math.max(cap, s.probeKbps));
  for (const [n, { i, kbps }] of order.slice(0, sent).entries()) {
    out[i] = {
      active: !s.paused,
      maxBitrate:
        n === 0
          ? Math.round(Math.max(MIN_VIDEO_KBPS, Math.min(kbps, lowestMax))) * 1000
          : kbps * 1000,
    };
  }
  return out;
}

/** What our tile says about what we publish: the ceiling, less, or no video. */
export function simulcastLevel(s: AdaptState, layers: readonly Layer[]): SendLevel {
  if (s.paused) return 'paused';
  return s.capKbps < simulcastCeilingKbps(layers) * LOWER_BELOW ? 'reduced' : 'full';
}
