import { describe, expect, it } from 'vitest';
import { StatsSampler, type StatsTarget } from './stats_sampler';

/** A link whose getStats reports `received`/`lost` packets on one audio stream. */
function target(counts: { received: number; lost: number; fail?: boolean }): StatsTarget {
  return {
    getStats: async () => {
      if (counts.fail) throw new Error('closed');
      const inbound = {
        type: 'inbound-rtp',
        id: 'in',
        kind: 'audio',
        packetsReceived: counts.received,
        packetsLost: counts.lost,
        audioLevel: 0.2,
      };
      return new Map([['in', inbound]]) as unknown as RTCStatsReport;
    },
  };
}

describe('stats sampler', () => {
  it('measures loss over the interval since the previous round', async () => {
    const a = { received: 100, lost: 0 };
    const link = target(a);
    const sampler = new StatsSampler(() => [['a', link]], 60_000);
    await sampler.sample();
    expect(sampler.latest.get().get('a')).toMatchObject({ lossPct: 0, audioLevel: 0.2 });
    a.received = 190;
    a.lost = 10; // 10 of the last 100 packets lost
    await sampler.sample();
    expect(sampler.latest.get().get('a')?.lossPct).toBeCloseTo(10);
    expect(sampler.latest.get().get('a')?.level).toBe('poor');
    sampler.forget('a'); // e.g. the link was replaced: counting starts over
    await sampler.sample();
    expect(sampler.latest.get().get('a')?.lossPct).toBeCloseTo(5);
    sampler.close();
  });

  it('leaves out a link whose stats failed, and publishes nothing after close', async () => {
    const sampler = new StatsSampler(
      () => [
        ['ok', target({ received: 10, lost: 0 })],
        ['gone', target({ received: 0, lost: 0, fail: true })],
      ],
      60_000,
    );
    await sampler.sample();
    expect([...sampler.latest.get().keys()]).toEqual(['ok']);
    const before = sampler.latest.get();
    const round = sampler.sample();
    sampler.close();
    await round;
    expect(sampler.latest.get()).toBe(before);
  });

  it('starts over when a participant is read from another connection (mesh to SFU)', async () => {
    const mesh = target({ received: 1000, lost: 0 });
    const sfu = target({ received: 95, lost: 5 });
    let current = mesh;
    const sampler = new StatsSampler(() => [['a', current]], 60_000);
    await sampler.sample();
    current = sfu; // fewer packets than the mesh link had: never subtracted from its counters
    await sampler.sample();
    expect(sampler.latest.get().get('a')?.lossPct).toBeCloseTo(5);
    sampler.close();
  });
});
