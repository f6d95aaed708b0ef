// The in-call "why is my call bad" figures and verdict (docs/web.md "Diagnostics"): what one
// remote peer's RTCStatsReport says about the media path, and which limit most likely explains
// a bad call. Pure functions: the room samples getStats and renders what these return.

export type MediaPath = 'direct' | 'relay' | 'sfu';
export type Verdict = 'fine' | 'your-uplink' | 'their-uplink' | 'your-cpu' | 'network';

/** Cumulative counters of one report; two of them make a Figures. */
export interface Snapshot {
  atMs: number;
  path: MediaPath;
  rttMs: number | null;
  jitterMs: number | null;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsLostIn: number;
  /** Our outgoing packets the remote reports lost (remote-inbound-rtp), fraction 0..1. */
  remoteLossFraction: number | null;
  frameWidth: number;
  frameHeight: number;
  framesPerSecond: number | null;
  /** Our outgoing video's qualityLimitationReason: none | cpu | bandwidth | other. */
  limitation: string;
  /** The congestion controller's estimate of what we can send, kbit/s. */
  availableOutKbps: number | null;
}

/** What the panel shows for one remote participant. */
export interface Figures {
  path: MediaPath;
  rttMs: number | null;
  jitterMs: number | null;
  lossInPct: number;
  lossOutPct: number | null;
  kbpsIn: number;
  kbpsOut: number;
  resolution: string | null;
  framesPerSecond: number | null;
  limitation: string;
  availableOutKbps: number | null;
  /** Network adaptation reduced or paused our video on this link (docs/web.md "Network
   * adaptation"); the panel adds it from the mesh. */
  adapted?: boolean;
}

type Entry = Record<string, unknown> & { type: string; id: string };
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const opt = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads one report; `viaSfu` when the call's media goes through the SFU. */
export function snapshot(report: RTCStatsReport, atMs: number, viaSfu = false): Snapshot {
  const byId = new Map<string, Entry>();
  report.forEach((raw: unknown) => byId.set((raw as Entry).id, raw as Entry));
  const out: Snapshot = {
    atMs,
    path: viaSfu ? 'sfu' : 'direct',
    rttMs: null,
    jitterMs: null,
    bytesIn: 0,
    bytesOut: 0,
    packetsIn: 0,
    packetsLostIn: 0,
    remoteLossFraction: null,
    frameWidth: 0,
    frameHeight: 0,
    framesPerSecond: null,
    limitation: 'none',
    availableOutKbps: null,
  };
  let pair: Entry | undefined;
  for (const s of byId.values()) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string')
      pair = byId.get(s.selectedCandidatePairId);
  }
  pair ??= [...byId.values()].find(
    (s) => s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded',
  );
  if (pair) {
    const rtt = opt(pair.currentRoundTripTime);
    out.rttMs = rtt === null ? null : Math.round(rtt * 1000);
    const bps = opt(pair.availableOutgoingBitrate);
    out.availableOutKbps = bps === null ? null : Math.round(bps / 1000);
    const local = byId.get(String(pair.localCandidateId));
    const remote = byId.get(String(pair.remoteCandidateId));
    if (!viaSfu && (local?.candidateType === 'relay' || remote?.candidateType === 'relay'))
      out.path = 'relay';
  }
  for (const s of byId.values()) {
    if (s.type === 'inbound-rtp') {
      out.bytesIn += num(s.bytesReceived);
      out.packetsIn += num(s.packetsReceived);
      out.packetsLostIn += Math.max(0, num(s.packetsLost));
      const jitter = opt(s.jitter);
      if (jitter !== null) out.jitterMs = Math.max(out.jitterMs ?? 0, Math.round(jitter * 1000));
      if (s.kind === 'video') {
        out.frameWidth = Math.max(out.frameWidth, num(s.frameWidth));
        out.frameHeight = Math.max(out.frameHeight, num(s.frameHeight));
        out.framesPerSecond = opt(s.framesPerSecond) ?? out.framesPerSecond;
      }
    } else if (s.type === 'outbound-rtp') {
      out.bytesOut += num(s.bytesSent);
      if (s.kind === 'video' && typeof s.qualityLimitationReason === 'string')
        out.limitation = s.qualityLimitationReason;
    } else if (s.type === 'remote-inbound-rtp') {
      const lost = opt(s.fractionLost);
      if (lost !== null) out.remoteLossFraction = Math.max(out.remoteLossFraction ?? 0, lost);
    }
  }
  return out;
}

/** Rates over the interval between two snapshots of the same peer. */
export function figures(previous: Snapshot | undefined, current: Snapshot): Figures {
  const seconds = previous ? (current.atMs - previous.atMs) / 1000 : 0;
  const rate = (now: number, before: number | undefined) =>
    seconds > 0 ? Math.max(0, Math.round(((now - (before ?? 0)) * 8) / 1000 / seconds)) : 0;
  const received = current.packetsIn - (previous?.packetsIn ?? 0);
  const lost = Math.max(0, current.packetsLostIn - (previous?.packetsLostIn ?? 0));
  return {
    path: current.path,
    rttMs: current.rttMs,
    jitterMs: current.jitterMs,
    lossInPct: received + lost > 0 ? (lost / (received + lost)) * 100 : 0,
    lossOutPct: current.remoteLossFraction === null ? null : current.remoteLossFraction * 100,
    kbpsIn: rate(current.bytesIn, previous?.bytesIn),
    kbpsOut: rate(current.bytesOut, previous?.bytesOut),
    resolution: current.frameWidth ? `${current.frameWidth}×${current.frameHeight}` : null,
    framesPerSecond: current.framesPerSecond,
    limitation: current.limitation,
    availableOutKbps: current.availableOutKbps,
  };
}

/** Thresholds of the verdict rules, each with its reason. */
export const LIMITS = {
  /** Above this loss (percent) video freezes and speech breaks up. */
  lossPct: 5,
  /** Beyond this round trip people talk over each other. */
  rttMs: 400,
  /** Beyond this jitter the receiver's buffer adds audible delay. */
  jitterMs: 60,
  /** Below this estimate our camera cannot be sent at a usable quality. */
  minOutKbps: 150,
};

/**
 * The likely limit, most specific first: our CPU (the encoder says so); our uplink when network
 * adaptation lowered what we send them and nothing we receive is lost; the path itself (loss
 * both ways, or a long or jittery round trip); our uplink (the encoder is held back by
 * bandwidth, network adaptation lowered what we send them, the send estimate is tiny, or only
 * what we send is lost); their uplink (only what
 * we receive is lost); otherwise fine.
 */
export function verdictOf(f: Figures): Verdict {
  if (f.limitation === 'cpu') return 'your-cpu';
  const lossIn = f.lossInPct > LIMITS.lossPct;
  const lossOut = (f.lossOutPct ?? 0) > LIMITS.lossPct;
  // Adaptation lowered what we send while what we receive arrives whole: the queue that makes
  // the round trip long is on our way out.
  if (f.adapted === true && !lossIn) return 'your-uplink';
  if ((lossIn && lossOut) || (f.rttMs ?? 0) > LIMITS.rttMs || (f.jitterMs ?? 0) > LIMITS.jitterMs)
    return 'network';
  if (
    lossOut ||
    f.adapted === true ||
    f.limitation === 'bandwidth' ||
    (f.availableOutKbps !== null && f.availableOutKbps < LIMITS.minOutKbps)
  )
    return 'your-uplink';
  if (lossIn) return 'their-uplink';
  return 'fine';
}

/** The verdict in plain words, with what to do about it. */
export const VERDICT_WORDS: Record<Verdict, string> = {
  fine: 'This connection looks fine.',
  'your-uplink':
    'Your upload is the limit: others see you in lower quality. Move closer to the Wi-Fi router, pause uploads, or turn your camera off.',
  'their-uplink':
    'Their connection is the limit: what they send arrives damaged. It is on their side; they could move closer to their router or turn their camera off.',
  'your-cpu':
    'Your computer is too busy to encode video at full quality. Close other apps or tabs, or turn your camera off.',
  network:
    'The network between you is slow or unsteady (long delays or loss both ways). Try a wired connection or another network.',
};
