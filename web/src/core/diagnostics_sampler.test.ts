import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiagnosticsSampler } from './diagnostics_sampler';
import type { StatsTarget } from './stats_sampler';

/** A link whose getStats reports `bytes` received on one video stream, or fails. */
function target(state: { bytes: number; fail?: boolean }): StatsTarget {
  return {
    getStats: async () => {
      if (state.fail) throw new Error('closed');
      const inbound = {
        id: 'iv',
        type: 'inbound-rtp',
        kind: 'video',
        bytesReceived: state.bytes,
        packetsReceived: state.bytes / 1000,
        frameWidth: 640,
        frameHeight: 360,
      };
      return new Map([['iv', inbound]]) as unknown as RTCStatsReport;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('diagnostics sampler', () => {
  it('samples on start, then rates over the interval between rounds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1000);
    const a = { bytes: 0 };
    const sampler = new DiagnosticsSampler(
      { targets: () => [['a', target(a)]], viaSfu: () => false },
      60_000,
    );
    expect(sampler.figures.get().size).toBe(0);
    sampler.start();
    await vi.waitFor(() => expect(sampler.figures.get().get('a')).toBeDefined());
    expect(sampler.figures.get().get('a')).toMatchObject({ kbpsIn: 0, path: 'direct' });
    vi.setSystemTime(10_000);
    await sampler.sample();
    vi.setSystemTime(11_000);
    a.bytes = 125_000; // 1 Mbit in one second
    await sampler.sample();
    expect(sampler.figures.get().get('a')).toMatchObject({ kbpsIn: 1000, resolution: '640×360' });
    sampler.stop();
  });

  it('leaves out a peer whose stats failed or who left, and names the SFU path', async () => {
    const peers: [string, StatsTarget][] = [
      ['ok', target({ bytes: 10 })],
      ['gone', target({ bytes: 0, fail: true })],
    ];
    const sampler = new DiagnosticsSampler({ targets: () => peers, viaSfu: () => true }, 60_000);
    sampler.start();
    await sampler.sample();
    expect([...sampler.figures.get().keys()]).toEqual(['ok']);
    expect(sampler.figures.get().get('ok')?.path).toBe('sfu');
    peers.splice(0, 1);
    await sampler.sample();
    expect(sampler.figures.get().size).toBe(0);
    sampler.stop();
  });

  it('publishes nothing once stopped, and stop and start are idempotent', async () => {
    const sampler = new DiagnosticsSampler(
      { targets: () => [['a', target({ bytes: 1 })]], viaSfu: () => false },
      60_000,
    );
    sampler.start();
    sampler.start();
    await sampler.sample();
    const before = sampler.figures.get();
    const round = sampler.sample();
    sampler.stop();
    sampler.stop();
    await round;
    expect(sampler.figures.get()).toBe(before);
  });
});
