import { describe, expect, it } from 'vitest';
import { INITIAL, STARTUP_S, step, type AdaptState } from './net_adapt';
import { cameraEncodings } from './sfu_layer';
import { simulcastCeilingKbps, simulcastFor, simulcastLevel } from './simulcast_adapt';

const THREE = cameraEncodings(720); // h 1200, m 400 (1/2), l 120 (1/4) kbit/s
const ONE = cameraEncodings(180); // one layer, 900 kbit/s
const at = (capKbps: number, more: Partial<AdaptState> = {}): AdaptState => ({
  ...INITIAL,
  age: STARTUP_S + 1,
  capKbps,
  ...more,
});
const active = (s: AdaptState, layers = THREE) => simulcastFor(s, layers).map((l) => l.active);

describe('network adaptation of an SFU publisher: state in, simulcast layers out', () => {
  it('has the layers summed as its ceiling', () => {
    expect(simulcastCeilingKbps(THREE)).toBe(1720);
    expect(simulcastCeilingKbps(ONE)).toBe(900);
  });

  it.each([
    // cap kbit/s -> h, m, l sent (publisher order), level
    [Infinity, [true, true, true], 'full'],
    [1720, [true, true, true], 'full'],
    [1000, [false, true, true], 'reduced'],
    [520, [false, true, true], 'reduced'],
    [519, [false, false, true], 'reduced'],
    [130, [false, false, true], 'reduced'],
  ] as const)('a cap of %s kbit/s sends %j (%s)', (cap, sent, level) => {
    expect(active(at(cap))).toEqual(sent);
    expect(simulcastLevel(at(cap), THREE)).toBe(level);
  });

  it('keeps each layer at its own max bitrate, the lowest at most the cap and never under 60', () => {
    expect(simulcastFor(at(1720), THREE).map((l) => l.maxBitrate)).toEqual([
      1_200_000, 400_000, 120_000,
    ]);
    expect(simulcastFor(at(90), THREE)[2]).toEqual({ active: true, maxBitrate: 90_000 });
    expect(simulcastFor(at(40), THREE)[2]).toEqual({ active: true, maxBitrate: 60_000 });
    expect(simulcastFor(at(500), ONE)).toEqual([{ active: true, maxBitrate: 500_000 }]);
  });

  it('switches every layer off while the rule pauses video', () => {
    const paused = at(60, { paused: true });
    expect(active(paused)).toEqual([false, false, false]);
    expect(active(paused, ONE)).toEqual([false]);
    expect(simulcastLevel(paused, THREE)).toBe('paused');
  });

  it('lets a probe switch the next layer on, so the browser probes for it', () => {
    expect(active(at(300, { probeKbps: 600 }))).toEqual([false, true, true]);
    expect(active(at(200, { probeKbps: 400 }))).toEqual([false, true, true]);
    expect(active(at(600, { probeKbps: 1200 }))).toEqual([true, true, true]);
    expect(active(at(1720, { probeKbps: 1720 }))).toEqual([true, true, true]);
    expect(active(at(500, { probeKbps: 1000 }), ONE)).toEqual([true]);
    expect(simulcastFor(at(95, { probeKbps: 190 }), ONE)[0]!.maxBitrate).toBe(190_000);
  });

  it('follows the mesh rule step by step: a weak uplink drops to the lowest layer, then climbs', () => {
    let s = at(Infinity);
    const ceiling = simulcastCeilingKbps(THREE);
    const sample = (availableKbps: number) => ({
      availableKbps,
      lossFraction: 0,
      rttMs: 40,
      limitation: 'none',
    });
    s = step(s, sample(300), ceiling);
    expect(active(s)).toEqual([false, false, true]);
    for (let i = 0; i < 6; i++) s = step(s, sample(3000), ceiling);
    expect(active(s)).toEqual([true, true, true]);
    expect(simulcastLevel(s, THREE)).toBe('full');
  });
});
