// Reading RTCStatsReport into the few numbers the room shows: round-trip time, packet loss,
// decoded frames, received audio and the remote speaker's audio level.

export interface PeerCounters {
  /** Round-trip time of the selected candidate pair, ms (null before it is known). */
  rttMs: number | null;
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
  audioPacketsReceived: number;
  /** Remote audio level 0..1 as heard by us. */
  audioLevel: number;
  frameWidth: number;
  frameHeight: number;
  /** Our own microphone as sent on this connection (media-source): total energy so far and
   * the current level; both stay flat at 0 while the track is disabled (muted). */
  sentAudioEnergy: number;
  sentAudioLevel: number;
  /** What network adaptation reads (docs/web.md "Network adaptation"): the selected pair's
   * availableOutgoingBitrate (kbit/s), our video's loss and round trip as the remote reports
   * them (remote-inbound-rtp), our encoder's qualityLimitationReason. */
  availableOutKbps: number | null;
  videoLossOut: number | null;
  remoteRttMs: number | null;
  limitation: string;
  /** Byte and sample counters for bitrates and audio concealment (tests, diagnostics). */
  videoBytesSent: number;
  audioBytesSent: number;
  videoBytesReceived: number;
  audioSamplesReceived: number;
  audioSamplesConcealed: number;
}

export type QualityLevel = 'good' | 'fair' | 'poor' | 'unknown';

export interface PeerQuality extends PeerCounters {
  /** Packet loss since the previous sample, percent. */
  lossPct: number;
  level: QualityLevel;
}

type StatsEntry = Record<string, unknown> & { type: string; id: string };

export function readCounters(report: RTCStatsReport): PeerCounters {
  const out: PeerCounters = {
    rttMs: null,
    packetsReceived: 0,
    packetsLost: 0,
    framesDecoded: 0,
    audioPacketsReceived: 0,
    audioLevel: 0,
    frameWidth: 0,
    frameHeight: 0,
    sentAudioEnergy: 0,
    sentAudioLevel: 0,
    availableOutKbps: null,
    videoLossOut: null,
    remoteRttMs: null,
    limitation: 'none',
    videoBytesSent: 0,
    audioBytesSent: 0,
    videoBytesReceived: 0,
    audioSamplesReceived: 0,
    audioSamplesConcealed: 0,
  };
  let selectedPair: string | undefined;
  const pairs = new Map<string, StatsEntry>();
  report.forEach((raw: unknown) => {
    const s = raw as StatsEntry;
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      selectedPair = s.selectedCandidatePairId;
    } else if (s.type === 'candidate-pair') {
      pairs.set(s.id, s);
    } else if (s.type === 'media-source' && s.kind === 'audio') {
      out.sentAudioEnergy += num(s.totalAudioEnergy);
      out.sentAudioLevel = Math.max(out.sentAudioLevel, num(s.audioLevel));
    } else if (s.type === 'inbound-rtp') {
      out.packetsReceived += num(s.packetsReceived);
      out.packetsLost += Math.max(0, num(s.packetsLost));
      if (s.kind === 'video') {
        out.videoBytesReceived += num(s.bytesReceived);
        out.framesDecoded += num(s.framesDecoded);
        out.frameWidth = Math.max(out.frameWidth, num(s.frameWidth));
        out.frameHeight = Math.max(out.frameHeight, num(s.frameHeight));
      } else if (s.kind === 'audio') {
        out.audioPacketsReceived += num(s.packetsReceived);
        out.audioLevel = Math.max(out.audioLevel, num(s.audioLevel));
        out.audioSamplesReceived += num(s.totalSamplesReceived);
        out.audioSamplesConcealed += num(s.concealedSamples);
      }
    } else if (s.type === 'outbound-rtp') {
      readOutbound(out, s);
    } else if (s.type === 'remote-inbound-rtp' && s.kind === 'video') {
      if (typeof s.fractionLost === 'number') out.videoLossOut = s.fractionLost;
      if (typeof s.roundTripTime === 'number') out.remoteRttMs = Math.round(s.roundTripTime * 1000);
    }
  });
  const pair =
    (selectedPair ? pairs.get(selectedPair) : undefined) ??
    [...pairs.values()].find((p) => p.nominated === true && p.state === 'succeeded');
  if (pair && typeof pair.currentRoundTripTime === 'number') {
    out.rttMs = Math.round(pair.currentRoundTripTime * 1000);
  }
  if (pair && typeof pair.availableOutgoingBitrate === 'number') {
    out.availableOutKbps = Math.round(pair.availableOutgoingBitrate / 1000);
  }
  return out;
}

function readOutbound(out: PeerCounters, s: StatsEntry): void {
  if (s.kind === 'video') {
    out.videoBytesSent += num(s.bytesSent);
    // Simulcast layers report one each: a bandwidth limit on any of them is the one that counts.
    if (typeof s.qualityLimitationReason === 'string' && out.limitation !== 'bandwidth')
      out.limitation = s.qualityLimitationReason;
  } else if (s.kind === 'audio') out.audioBytesSent += num(s.bytesSent);
}

/** Classifies a sample against the previous one (loss is measured over the interval). */
export function assessQuality(
  previous: PeerCounters | undefined,
  current: PeerCounters,
): PeerQuality {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = current.packetsLost - (previous?.packetsLost ?? 0);
  const total = received + Math.max(0, lost);
  const lossPct = total > 0 ? (Math.max(0, lost) / total) * 100 : 0;
  return { ...current, lossPct, level: levelOf(current.rttMs, lossPct, total) };
}

function levelOf(rttMs: number | null, lossPct: number, packets: number): QualityLevel {
  if (rttMs === null && packets === 0) return 'unknown';
  const rtt = rttMs ?? 0;
  if (lossPct >= 8 || rtt >= 500) return 'poor';
  if (lossPct >= 2 || rtt >= 250) return 'fair';
  return 'good';
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
