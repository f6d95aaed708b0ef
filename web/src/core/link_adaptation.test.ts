import { describe, expect, it } from 'vitest';
import { LinkAdaptation } from './link_adaptation';
import { readCounters, type PeerCounters } from './stats';

const counters = (more: Partial<PeerCounters>): PeerCounters => ({
  ...readCounters(new Map() as unknown as RTCStatsReport),
  ...more,
});

describe('LinkAdaptation', () => {
  it('steps each link on its own and reports what the tiles show', () => {
    const adaptation = new LinkAdaptation();
    let out = adaptation.round(
      new Map([
        ['weak', counters({ availableOutKbps: 300 })],
        ['fast', counters({ availableOutKbps: 3000 })],
      ]),
      'camera',
      2,
      () => true,
    );
    // a new link's first estimates lower nothing
    expect(out.get('weak')).toEqual({ sending: 'full', capKbps: 1000, receivingPaused: false });
    for (let i = 0; i < 5; i++) {
      out = adaptation.round(
        new Map([
          ['weak', counters({ availableOutKbps: 300 })],
          ['fast', counters({ availableOutKbps: 3000 })],
        ]),
        'camera',
        2,
        () => true,
      );
    }
    expect(out.get('weak')).toEqual({ sending: 'reduced', capKbps: 230, receivingPaused: false });
    expect(out.get('fast')).toEqual({ sending: 'full', capKbps: 1000, receivingPaused: false });
    expect(adaptation.state('weak').capKbps).toBe(230);
  });

  it('starts a link over while it sends no video, and forgets closed links', () => {
    const adaptation = new LinkAdaptation();
    const low = new Map([['x', counters({ availableOutKbps: 50 })]]);
    for (let i = 0; i < 3; i++) adaptation.round(low, 'camera', 1, () => true);
    expect(adaptation.state('x').paused).toBe(true);
    adaptation.round(low, 'camera', 1, () => false);
    expect(adaptation.state('x').paused).toBe(false);
    adaptation.forget('x');
    expect(adaptation.state('x').capKbps).toBe(Infinity);
  });

  it('says a sender paused once its audio arrived for 3 s without a new frame', () => {
    const adaptation = new LinkAdaptation();
    const seen: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const c = counters({ framesDecoded: 100, audioPacketsReceived: 50 * (i + 1) });
      seen.push(
        adaptation.round(new Map([['x', c]]), 'camera', 1, () => true).get('x')!.receivingPaused,
      );
    }
    expect(seen).toEqual([false, false, false, true, true]);
  });
});
