import { describe, expect, it } from 'vitest';
import { figures, snapshot, verdictOf, type Figures, type Verdict } from './diagnostics';

const fine: Figures = {
  path: 'direct',
  rttMs: 40,
  jitterMs: 5,
  lossInPct: 0,
  lossOutPct: 0,
  kbpsIn: 900,
  kbpsOut: 900,
  resolution: '640×480',
  framesPerSecond: 30,
  limitation: 'none',
  availableOutKbps: 2000,
};

describe('verdictOf', () => {
  const table: [string, Partial<Figures>, Verdict][] = [
    ['all good', {}, 'fine'],
    [
      'unknown figures early in a call',
      { rttMs: null, jitterMs: null, lossOutPct: null, availableOutKbps: null },
      'fine',
    ],
    ['encoder starved of CPU', { limitation: 'cpu' }, 'your-cpu'],
    ['CPU wins over everything else', { limitation: 'cpu', lossInPct: 20, rttMs: 900 }, 'your-cpu'],
    ['encoder held back by bandwidth', { limitation: 'bandwidth' }, 'your-uplink'],
    ['tiny send estimate', { availableOutKbps: 80 }, 'your-uplink'],
    [
      'network adaptation lowered our video',
      { adapted: true, availableOutKbps: 240 },
      'your-uplink',
    ],
    ['only what we send is lost', { lossOutPct: 12 }, 'your-uplink'],
    ['only what we receive is lost', { lossInPct: 9 }, 'their-uplink'],
    ['loss just at the limit is fine', { lossInPct: 5, lossOutPct: 5 }, 'fine'],
    ['loss both ways', { lossInPct: 9, lossOutPct: 8 }, 'network'],
    ['long round trip', { rttMs: 650 }, 'network'],
    ['jittery path', { jitterMs: 120 }, 'network'],
    ['long round trip beats a bandwidth limit', { rttMs: 650, limitation: 'bandwidth' }, 'network'],
  ];
  it.each(table)('%s', (_, change, verdict) => {
    expect(verdictOf({ ...fine, ...change })).toBe(verdict);
  });
});

function report(entries: Record<string, unknown>[]): RTCStatsReport {
  return new Map(entries.map((e) => [e.id as string, e])) as unknown as RTCStatsReport;
}

describe('snapshot and figures', () => {
  const entries = (bytes: number, lost: number, relay = false) => [
    { id: 't', type: 'transport', selectedCandidatePairId: 'p' },
    {
      id: 'p',
      type: 'candidate-pair',
      localCandidateId: 'l',
      remoteCandidateId: 'r',
      currentRoundTripTime: 0.042,
      availableOutgoingBitrate: 1_500_000,
    },
    { id: 'l', type: 'local-candidate', candidateType: relay ? 'relay' : 'host' },
    { id: 'r', type: 'remote-candidate', candidateType: 'srflx' },
    {
      id: 'iv',
      type: 'inbound-rtp',
      kind: 'video',
      bytesReceived: bytes,
      packetsReceived: 100 + bytes / 1000,
      packetsLost: lost,
      jitter: 0.012,
      frameWidth: 640,
      frameHeight: 360,
      framesPerSecond: 24,
    },
    {
      id: 'ov',
      type: 'outbound-rtp',
      kind: 'video',
      bytesSent: bytes * 2,
      qualityLimitationReason: 'none',
    },
    { id: 'ri', type: 'remote-inbound-rtp', kind: 'video', fractionLost: 0.01 },
  ];

  it('reads the path, rates over the interval and the video figures', () => {
    const a = snapshot(report(entries(0, 0)), 1000);
    const b = snapshot(report(entries(125_000, 10)), 2000);
    const f = figures(a, b);
    expect(f.path).toBe('direct');
    expect(f.rttMs).toBe(42);
    expect(f.jitterMs).toBe(12);
    expect(f.kbpsIn).toBe(1000);
    expect(f.kbpsOut).toBe(2000);
    expect(f.lossInPct).toBeCloseTo((10 / 135) * 100);
    expect(f.lossOutPct).toBeCloseTo(1);
    expect(f.resolution).toBe('640×360');
    expect(f.framesPerSecond).toBe(24);
    expect(f.availableOutKbps).toBe(1500);
  });

  it('names a relayed pair relay and an SFU call sfu', () => {
    expect(snapshot(report(entries(0, 0, true)), 0).path).toBe('relay');
    expect(snapshot(report(entries(0, 0, true)), 0, true).path).toBe('sfu');
  });
});
