import { describe, expect, it } from 'vitest';
import { assessQuality, readCounters } from './stats';

const report = (entries: Array<Record<string, unknown>>) =>
  new Map(entries.map((e) => [e.id as string, e])) as unknown as RTCStatsReport;

describe('stats', () => {
  const sample = report([
    { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
    {
      id: 'P',
      type: 'candidate-pair',
      currentRoundTripTime: 0.042,
      availableOutgoingBitrate: 1_200_000,
      nominated: true,
      state: 'succeeded',
    },
    {
      id: 'V',
      type: 'inbound-rtp',
      kind: 'video',
      packetsReceived: 900,
      packetsLost: 10,
      framesDecoded: 300,
      bytesReceived: 9000,
      frameWidth: 640,
      frameHeight: 480,
    },
    {
      id: 'A',
      type: 'inbound-rtp',
      kind: 'audio',
      packetsReceived: 100,
      packetsLost: 0,
      audioLevel: 0.3,
      totalSamplesReceived: 48000,
      concealedSamples: 480,
    },
    {
      id: 'OV',
      type: 'outbound-rtp',
      kind: 'video',
      bytesSent: 5000,
      qualityLimitationReason: 'bandwidth',
    },
    { id: 'OA', type: 'outbound-rtp', kind: 'audio', bytesSent: 700 },
    {
      id: 'RV',
      type: 'remote-inbound-rtp',
      kind: 'video',
      fractionLost: 0.25,
      roundTripTime: 0.08,
    },
    { id: 'M', type: 'media-source', kind: 'audio', totalAudioEnergy: 1.5, audioLevel: 0.2 },
    { id: 'N', type: 'media-source', kind: 'video', width: 640 },
  ]);

  it('reads rtt, decoded frames, received audio and level, our sent audio and what adaptation needs', () => {
    expect(readCounters(sample)).toEqual({
      rttMs: 42,
      packetsReceived: 1000,
      packetsLost: 10,
      framesDecoded: 300,
      audioPacketsReceived: 100,
      audioLevel: 0.3,
      frameWidth: 640,
      frameHeight: 480,
      sentAudioEnergy: 1.5,
      sentAudioLevel: 0.2,
      availableOutKbps: 1200,
      videoLossOut: 0.25,
      remoteRttMs: 80,
      limitation: 'bandwidth',
      videoBytesSent: 5000,
      audioBytesSent: 700,
      videoBytesReceived: 9000,
      audioSamplesReceived: 48000,
      audioSamplesConcealed: 480,
    });
  });

  it('classifies by loss over the interval and by round-trip time', () => {
    const first = readCounters(sample);
    const good = { ...first, packetsReceived: 2000, packetsLost: 12 };
    expect(assessQuality(first, good).level).toBe('good');
    const lossy = { ...first, packetsReceived: 1900, packetsLost: 110 };
    expect(assessQuality(first, lossy)).toMatchObject({ level: 'poor', lossPct: 10 });
    expect(assessQuality(first, { ...good, rttMs: 300 }).level).toBe('fair');
    expect(
      assessQuality(undefined, { ...first, rttMs: null, packetsReceived: 0, packetsLost: 0 }).level,
    ).toBe('unknown');
  });
});
