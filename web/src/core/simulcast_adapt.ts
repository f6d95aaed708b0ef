// Network adaptation for what we publish to the SFU (docs/web.md "Network adaptation", "On the
// SFU"). The browser already shares the measured uplink among the simulcast layers (it stops
// sending the top ones when the estimate cannot carry them); what it does not do is keep audio
// first below the floor, nor tell anyone. So the mesh rule (net_adapt.ts `step`) runs on the
// one connection to the SFU for its pause and trials only, and it hears the estimate only
// while packets are being lost (the SFU reports more than LOSSY within the last LIMIT_HOLD_S
// seconds). Otherwise the estimate counts as the layers' whole ceiling: a sender with little
// to send keeps a low estimate because it never needs more, and one resuming after a pause
// starts from a low one, neither of which is a weak network. The level shown is `reduced`
// while the encoder reports `bandwidth` as its quality limitation, or loss, within the hold.
// Pure.

import { AUDIO_RESERVE_KBPS, LOSSY, type NetSample, type SendLevel } from './net_adapt';

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

/** How long a sign of a network limit keeps the estimate in force, seconds: long enough to
 * ride over seconds where the layers the browser kept fit (it reports no limit then). */
export const LIMIT_HOLD_S = 10;

const kbpsOf = (layer: Layer) => (layer.maxBitrate ?? 0) / 1000;

/** Every layer at its own maximum, kbit/s: what the rule's ceiling is on the SFU connection. */
export function simulcastCeilingKbps(layers: readonly Layer[]): number {
  return layers.reduce((sum, layer) => sum + kbpsOf(layer), 0);
}

/** Seconds since the last sign of a network limit, and since the last loss (Infinity: none). */
export interface LimitSigns {
  limited: number;
  lossy: number;
}

export const NO_LIMIT: LimitSigns = { limited: Infinity, lossy: Infinity };

export function limitSignsNext(s: LimitSigns, x: NetSample): LimitSigns {
  const lossy = (x.lossFraction ?? 0) > LOSSY;
  const limited = lossy || x.limitation === 'bandwidth';
  return { limited: limited ? 0 : s.limited + 1, lossy: lossy ? 0 : s.lossy + 1 };
}

export const held = (since: number) => since < LIMIT_HOLD_S;

/** The sample the rule steps on: the estimate itself while packets are lost, else one that
 * makes room for every layer and the audio. */
export function gatedSample(x: NetSample, signs: LimitSigns, ceilingKbps: number): NetSample {
  if (held(signs.lossy) || x.availableKbps === null) return x;
  return { ...x, availableKbps: Math.max(x.availableKbps, ceilingKbps + AUDIO_RESERVE_KBPS) };
}

/** Every layer at its negotiated maximum while video is on (the browser picks which it can
 * send); none while paused. */
export function simulcastFor(paused: boolean, layers: readonly Layer[]): LayerSetting[] {
  return layers.map((layer) => ({ active: !paused, maxBitrate: layer.maxBitrate ?? 0 }));
}

/** What our tile and the others' say about what we publish. */
export function simulcastLevel(paused: boolean, signs: LimitSigns): SendLevel {
  if (paused) return 'paused';
  return held(signs.limited) ? 'reduced' : 'full';
}
