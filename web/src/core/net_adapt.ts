// Network adaptation (docs/web.md "Network adaptation"): what one connection's video sender
// may send, from what that connection measured over the last second. Pure: the mesh feeds one
// sample a second per link (stats in) and applies the encoding this returns (encodings out).

import { cameraLimits, screenLimits } from './bandwidth';
import type { PeerCounters } from './stats';

/** Kept for audio (Opus with FEC, plus RTP/RTCP overhead) before video gets any, kbit/s. */
export const AUDIO_RESERVE_KBPS = 40;
/** Share of the congestion controller's estimate video may use (the rest is headroom). */
export const HEADROOM = 0.9;
/** Below this estimate video is paused on the connection: audio alone still fits, kbit/s. */
export const PAUSE_BELOW_KBPS = 120;
/** Samples in a row under the floor before video pauses. */
export const PAUSE_AFTER = 2;
/** Video is never capped lower than this while it runs, kbit/s. */
export const MIN_VIDEO_KBPS = 60;
/** The room (estimate minus the audio reserve) this far under the cap lowers it at once, to
 * the budget (HEADROOM of the estimate minus the reserve); a room `RAISE_ABOVE` x the cap for
 * `RAISE_AFTER` clean samples raises it to the room (the band between is the hysteresis). */
export const LOWER_BELOW = 0.9;
export const RAISE_ABOVE = 1.1;
export const RAISE_AFTER = 2;
/** Loss of our video (remote-inbound-rtp) above this cuts the cap by `LOSS_CUT`; climbing
 * needs loss under `CLEAN_LOSS` and a round trip under `CLEAN_RTT_MS`. */
export const LOSSY = 0.1;
export const LOSS_CUT = 0.75;
export const CLEAN_LOSS = 0.02;
export const CLEAN_RTT_MS = 400;
/** A new connection's estimate starts low and ramps up by probing within a few seconds: the
 * first `STARTUP_S` estimates lower nothing (loss still does), so probing is not capped. */
export const STARTUP_S = 4;
/** While paused, video is tried again (at the budget of the floor) after this long, doubling
 * up to `RETRY_MAX_S` each time the trial falls back under the floor within `TRIAL_S`. */
export const RETRY_FIRST_S = 4;
export const RETRY_MAX_S = 16;
export const TRIAL_S = 6;
export const TRIAL_RISE = 1.2;
/** Climbing back: the congestion controller's estimate of a sender that uses less than it
 * allows grows only ~8 % a second, and the browser probes for more only when the allowed
 * bitrate goes above its estimate. So a clean link whose cap follows the estimate also gets,
 * for `PROBE_S` seconds, a max bitrate of `PROBE_FACTOR` x the room: the browser probes that
 * rate (padding, not video) and the estimate jumps if the network has it. A probe the
 * estimate did not follow waits twice as long before the next one, up to `PROBE_MAX_WAIT_S`. */
export const PROBE_FACTOR = 2;
export const PROBE_S = 3;
export const PROBE_FIRST_WAIT_S = 2;
export const PROBE_MAX_WAIT_S = 32;

export type Content = 'camera' | 'screen';
/** What a connection sends, as the tile shows it: the rule's full ceiling, less, or no video. */
export type SendLevel = 'full' | 'reduced' | 'paused';

/** One second of one connection, read from its getStats(). */
export interface NetSample {
  /** Candidate pair's availableOutgoingBitrate, kbit/s; null before the estimate exists. */
  availableKbps: number | null;
  /** Fraction of our video the remote reports lost (remote-inbound-rtp fractionLost). */
  lossFraction: number | null;
  /** Round trip reported by remote-inbound-rtp (else the candidate pair), ms. */
  rttMs: number | null;
  /** Our video encoder's qualityLimitationReason. */
  limitation: string;
}

/** A connection's sample from its stats round's counters (stats.ts readCounters). */
export function netSample(c: PeerCounters): NetSample {
  return {
    availableKbps: c.availableOutKbps,
    lossFraction: c.videoLossOut,
    rttMs: c.remoteRttMs ?? c.rttMs,
    limitation: c.limitation,
  };
}

export interface AdaptState {
  /** The video cap, kbit/s (before the mesh ceiling); Infinity until the first estimate. */
  capKbps: number;
  paused: boolean;
  /** Consecutive samples under the floor / above the raise threshold. */
  lowRun: number;
  highRun: number;
  /** Seconds since video paused or since a trial resumed it. */
  sincePause: number;
  sinceResume: number;
  retryS: number;
  /** Samples with an estimate so far, and since the last cut for loss. */
  age: number;
  sinceCut: number;
  /** The max bitrate being probed (0: none), the room when the probe began, its seconds,
   * and the seconds since the last probe ended against the wait before the next. */
  probeKbps: number;
  probeFrom: number;
  probeAge: number;
  sinceProbe: number;
  probeWait: number;
  /** The previous sample's estimate, kbit/s (0 before the first). */
  lastKbps: number;
}

export const INITIAL: AdaptState = {
  capKbps: Infinity,
  paused: false,
  lowRun: 0,
  highRun: 0,
  sincePause: 0,
  sinceResume: Infinity,
  retryS: RETRY_FIRST_S,
  age: 0,
  sinceCut: Infinity,
  probeKbps: 0,
  probeFrom: 0,
  probeAge: 0,
  sinceProbe: 0,
  probeWait: PROBE_FIRST_WAIT_S,
  lastKbps: 0,
};

/** What video may use out of an estimate of `availableKbps` once the network pushed back. */
export function budgetOf(availableKbps: number): number {
  return Math.round(availableKbps * HEADROOM - AUDIO_RESERVE_KBPS);
}

/** What video may use on a clean link: the whole estimate but the audio reserve. */
export function roomOf(availableKbps: number): number {
  return Math.round(availableKbps - AUDIO_RESERVE_KBPS);
}

/** One second later: the next state from the previous one and this second's sample. */
export function step(s: AdaptState, x: NetSample, ceilingKbps: number): AdaptState {
  if (s.paused) return stepPaused(s, x, ceilingKbps);
  const next = { ...s, sinceResume: s.sinceResume + 1, sinceCut: s.sinceCut + 1 };
  if (x.availableKbps === null) return next;
  next.age = s.age + 1;
  next.lastKbps = x.availableKbps;
  // A trial's probes double the estimate at best each time: one still climbing that fast
  // (TRIAL_RISE a second) is given the trial's time before video pauses again.
  const climbing = s.sinceResume < TRIAL_S && x.availableKbps >= s.lastKbps * TRIAL_RISE;
  if (x.availableKbps < PAUSE_BELOW_KBPS && !climbing) {
    next.lowRun = s.lowRun + 1;
    if (next.lowRun >= PAUSE_AFTER) {
      // A trial that fell back soon waits twice as long before the next one.
      const retryS = s.sinceResume < TRIAL_S ? Math.min(RETRY_MAX_S, s.retryS * 2) : s.retryS;
      return { ...INITIAL, capKbps: MIN_VIDEO_KBPS, paused: true, sincePause: 0, retryS };
    }
  } else next.lowRun = 0;
  if (s.sinceResume >= TRIAL_S * 2) next.retryS = RETRY_FIRST_S;
  const cap = Math.min(s.capKbps, ceilingKbps);
  const fit = (kbps: number) => Math.max(MIN_VIDEO_KBPS, Math.min(ceilingKbps, kbps));
  const budget = fit(budgetOf(x.availableKbps));
  const room = fit(roomOf(x.availableKbps));
  // fractionLost repeats until the next RTCP report: cut at most every third second.
  const lossy = (x.lossFraction ?? 0) > LOSSY && s.sinceCut >= 2;
  const fell = room < cap * LOWER_BELOW && next.age > STARTUP_S;
  if (lossy || fell) {
    next.capKbps = Math.max(
      MIN_VIDEO_KBPS,
      lossy ? Math.min(budget, Math.round(cap * LOSS_CUT)) : budget,
    );
    next.highRun = 0;
    if (lossy) next.sinceCut = 0;
    // Loss ends a probe; a fall does not (a trial's probe starts under its cap).
    if (!lossy) return probe(next, room, false, ceilingKbps);
    return s.probeKbps ? endProbe(next, false) : next;
  }
  // Near the ceiling, reaching the ceiling is rise enough.
  const rises = room > cap && room >= Math.min(ceilingKbps, cap * RAISE_ABOVE);
  const clean = (x.lossFraction ?? 0) < CLEAN_LOSS && (x.rttMs ?? 0) < CLEAN_RTT_MS;
  next.highRun = clean && rises ? s.highRun + 1 : 0;
  if (next.highRun >= RAISE_AFTER) {
    next.capKbps = room;
    next.highRun = 0;
  } else next.capKbps = cap;
  return probe(next, room, clean, ceilingKbps);
}

/** The probe's part of a step on a link that did not fall: go on, end, or begin one. */
function probe(s: AdaptState, room: number, clean: boolean, ceiling: number): AdaptState {
  if (s.probeKbps) {
    if (room >= s.probeFrom * RAISE_ABOVE) return endProbe(s, true);
    const probeAge = s.probeAge + 1;
    return probeAge >= PROBE_S ? endProbe(s, false) : { ...s, probeAge };
  }
  const sinceProbe = s.sinceProbe + 1;
  // Probing makes sense where the estimate, not the ceiling, holds the cap, and the cap
  // already uses the room it has.
  const limited = room < ceiling && s.capKbps >= room * LOWER_BELOW;
  if (!clean || !limited || s.age <= STARTUP_S || sinceProbe < s.probeWait)
    return { ...s, sinceProbe };
  const probeKbps = Math.min(ceiling, Math.round(Math.max(room, s.capKbps) * PROBE_FACTOR));
  return { ...s, probeKbps, probeFrom: room, probeAge: 0, sinceProbe: 0 };
}

function endProbe(s: AdaptState, followed: boolean): AdaptState {
  const probeWait = followed ? PROBE_FIRST_WAIT_S : Math.min(PROBE_MAX_WAIT_S, s.probeWait * 2);
  return { ...s, probeKbps: 0, probeFrom: 0, probeAge: 0, sinceProbe: 0, probeWait };
}

function stepPaused(s: AdaptState, x: NetSample, ceilingKbps: number): AdaptState {
  const sincePause = s.sincePause + 1;
  const lastKbps = x.availableKbps ?? s.lastKbps;
  if (sincePause < s.retryS) return { ...s, sincePause, lastKbps };
  // Time for a trial: resume at what the floor allows and see whether the estimate holds.
  // The estimate of a link carrying audio alone is low and grows slowly, so the trial comes
  // with a probe.
  const capKbps = Math.max(MIN_VIDEO_KBPS, budgetOf(Math.max(x.availableKbps ?? 0, 150)));
  const fresh = { sincePause: 0, sinceResume: 0, lowRun: 0, highRun: 0, age: STARTUP_S, lastKbps };
  const probe = {
    probeKbps: Math.min(ceilingKbps, capKbps * PROBE_FACTOR),
    probeFrom: Math.max(MIN_VIDEO_KBPS, roomOf(x.availableKbps ?? 0)),
    probeAge: 0,
  };
  return { ...s, ...fresh, ...probe, paused: false, capKbps };
}

/** The encoding a connection's video sender gets. */
export interface VideoEncoding {
  active: boolean;
  maxBitrate: number;
  maxFramerate: number;
  scaleResolutionDownBy: number;
  degradationPreference: RTCDegradationPreference;
}

/** Camera: frame rate kept, resolution by bitrate. Screen: resolution kept, frame rate by
 * bitrate. Heights and rates by kbit/s, highest first. */
const CAMERA_STEPS = [
  { minKbps: 900, height: 720, fps: 30 },
  { minKbps: 500, height: 540, fps: 30 },
  { minKbps: 300, height: 360, fps: 24 },
  { minKbps: 150, height: 240, fps: 20 },
  { minKbps: 0, height: 180, fps: 15 },
] as const;
const SCREEN_STEPS = [
  { minKbps: 500, fps: 15 },
  { minKbps: 250, fps: 8 },
  { minKbps: 0, fps: 5 },
] as const;

/** The mesh bandwidth rule's ceiling for a link (docs/web.md "Bandwidth rule"), kbit/s. */
export function ceilingKbps(content: Content, peers: number): number {
  const limits = content === 'screen' ? screenLimits(peers) : cameraLimits(peers);
  return limits.maxBitrate / 1000;
}

export function encodingFor(
  s: AdaptState,
  content: Content,
  peers: number,
  sourceHeight: number,
): VideoEncoding {
  const ceiling = ceilingKbps(content, peers);
  const kbps = Math.round(Math.min(s.capKbps, ceiling));
  // A probe raises only the max bitrate: resolution and frame rate follow the cap.
  const maxBitrate = Math.round(Math.min(Math.max(kbps, s.probeKbps), ceiling)) * 1000;
  if (content === 'screen') {
    const fps = SCREEN_STEPS.find((x) => kbps >= x.minKbps)?.fps ?? 5;
    return {
      active: !s.paused,
      maxBitrate,
      maxFramerate: fps,
      scaleResolutionDownBy: 1,
      degradationPreference: 'maintain-resolution',
    };
  }
  const stepAt = CAMERA_STEPS.find((x) => kbps >= x.minKbps) ?? CAMERA_STEPS[4];
  const scale =
    sourceHeight > stepAt.height ? Math.round((sourceHeight / stepAt.height) * 100) / 100 : 1;
  return {
    active: !s.paused,
    maxBitrate,
    maxFramerate: stepAt.fps,
    scaleResolutionDownBy: scale,
    degradationPreference: 'maintain-framerate',
  };
}

/** What the tile says about this link's outgoing video. */
export function levelOf(s: AdaptState, content: Content, peers: number): SendLevel {
  if (s.paused) return 'paused';
  return s.capKbps < ceilingKbps(content, peers) * LOWER_BELOW ? 'reduced' : 'full';
}

/** Seconds of audio without new video frames after which a receiver says the sender paused. */
export const STALL_S = 3;

/** Receiver side: this second's inbound counters against the last; returns the stall run
 * (seconds in a row with audio arriving and no new video frame, once video has flowed). */
export function stallRun(
  run: number,
  previous: { framesDecoded: number; audioPacketsReceived: number } | undefined,
  current: { framesDecoded: number; audioPacketsReceived: number },
): number {
  if (!previous || current.framesDecoded === 0) return 0;
  const audio = current.audioPacketsReceived > previous.audioPacketsReceived;
  const video = current.framesDecoded > previous.framesDecoded;
  return audio && !video ? run + 1 : 0;
}
