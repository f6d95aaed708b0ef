// Network adaptation for what we publish to the SFU (docs/web.md "Network adaptation", "On the
// SFU"). The browser already shares the measured uplink among the simulcast layers (it stops
// sending the top ones when the estimate cannot carry them); what it does not do is keep audio
// first below the floor, nor tell anyone. So the mesh rule (net_adapt.ts `step`) runs on the
// one connection to the SFU for its pause and trials only, and it hears the estimate only
// while the network limits us: the SFU's fresh reports said more than LOSSY in at least
// LOSS_REPORTS of the last LIMIT_HOLD_S seconds, or the estimate stayed under the pause floor
// for LOW_HOLD_S seconds in a row without climbing (congestion control that keeps loss away
// on a weak link: the estimate sits flat far under the floor).
// Otherwise the estimate counts as the layers' whole ceiling: a sender with little to send
// keeps a low estimate because it never needs more, one resuming after a pause starts from a
// low one, and a busy machine (the SFU or we ourselves) drops packets in bursts; none of these
// is a weak network. The level shown is `reduced` while the encoder reports `bandwidth` as its
// quality limitation, or loss, within the hold. Pure.

import {
  AUDIO_RESERVE_KBPS,
  LOSSY,
  PAUSE_BELOW_KBPS,
  type NetSample,
  type SendLevel,
} from './net_adapt';

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

/** Lossy seconds within LIMIT_HOLD_S that make the loss the network's. */
export const LOSS_REPORTS = 3;

/** Seconds in a row the estimate must stay under the pause floor, not climbing, to count. */
export const LOW_HOLD_S = 8;
/** Climbing: the estimate grew by this factor since the low run began (a feed resuming after
 * a pause climbs about 10 % a second from 30-60 kbit/s; a weak link's estimate stays flat). */
export const LOW_CLIMB = 1.5;

/** Seconds since the last sign of a network limit (Infinity: none), since each lossy sample
 * within the hold (newest first), and the run of seconds with the estimate under the pause
 * floor (its length and the estimate it began with). */
export interface LimitSigns {
  limited: number;
  losses: readonly number[];
  low: { seconds: number; fromKbps: number };
}

export const NO_LIMIT: LimitSigns = {
  limited: Infinity,
  losses: [],
  low: { seconds: 0, fromKbps: 0 },
};

export function limitSignsNext(s: LimitSigns, x: NetSample): LimitSigns {
  const lossy = (x.lossFraction ?? 0) > LOSSY;
  const limited = lossy || x.limitation === 'bandwidth';
  const aged = s.losses.map((age) => age + 1).filter(held);
  const under = x.availableKbps !== null && x.availableKbps < PAUSE_BELOW_KBPS;
  const low = !under
    ? NO_LIMIT.low
    : s.low.seconds === 0
      ? { seconds: 1, fromKbps: x.availableKbps! }
      : { seconds: s.low.seconds + 1, fromKbps: s.low.fromKbps };
  return { limited: limited ? 0 : s.limited + 1, losses: lossy ? [0, ...aged] : aged, low };
}

export const held = (since: number) => since < LIMIT_HOLD_S;

/**
 * Whether the network itself limits us: it loses our packets (LOSS_REPORTS lossy seconds in
 * the hold), or the estimate has sat under the pause floor for LOW_HOLD_S seconds without
 * climbing by LOW_CLIMB (`nowKbps`: this second's estimate).
 */
export function networkLimited(signs: LimitSigns, nowKbps: number | null = null): boolean {
  if (signs.losses.length >= LOSS_REPORTS) return true;
  const { seconds, fromKbps } = signs.low;
  return seconds >= LOW_HOLD_S && nowKbps !== null && nowKbps < fromKbps * LOW_CLIMB;
}

/** The sample the rule steps on: the estimate itself while the network loses packets, else
 * one that makes room for every layer and the audio. */
export function gatedSample(x: NetSample, signs: LimitSigns, ceilingKbps: number): NetSample {
  if (x.availableKbps === null || networkLimited(signs, x.availableKbps)) return x;
  return { ...x, availableKbps: Math.max(x.availableKbps, ceilingKbps + AUDIO_RESERVE_KBPS) };
}

/** Per remote-inbound-rtp id: the RTCP reports it counted and the packets its layer sent. */
export type LossSeen = ReadonlyMap<string, { reports: unknown; sent: number }>;

/**
 * Loss of our video over the last round, from fresh RTCP only: each layer's remote-inbound-rtp
 * whose report is new since `seen`, weighted by the packets that layer sent meanwhile. A layer
 * that stopped keeps its last report for ever; counting it would make one lossy second last.
 * Null when no report is new.
 */
export function freshVideoLoss(
  report: RTCStatsReport,
  seen: LossSeen,
): { loss: number | null; seen: LossSeen } {
  const next = new Map<string, { reports: unknown; sent: number }>();
  let lost = 0;
  let weight = 0;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type !== 'remote-inbound-rtp' || s.kind !== 'video') return;
    if (typeof s.fractionLost !== 'number') return;
    const reports = s.reportsReceived ?? s.timestamp;
    const local = report.get(String(s.localId)) as Record<string, unknown> | undefined;
    const sent = typeof local?.packetsSent === 'number' ? local.packetsSent : 0;
    const id = String(s.id);
    next.set(id, { reports, sent });
    const before = seen.get(id);
    if (before && before.reports === reports) return;
    const packets = Math.max(1, sent - (before?.sent ?? 0));
    lost += s.fractionLost * packets;
    weight += packets;
  });
  return { loss: weight > 0 ? lost / weight : null, seen: next };
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
