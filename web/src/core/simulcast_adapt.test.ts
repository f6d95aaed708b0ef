import { describe, expect, it } from 'vitest';
import { INITIAL, step, type AdaptState, type NetSample } from './net_adapt';
import { cameraEncodings } from './sfu_layer';
import {
  gatedSample,
  LIMIT_HOLD_S,
  limitSignsNext,
  NO_LIMIT,
  simulcastCeilingKbps,
  simulcastFor,
  simulcastLevel,
} from './simulcast_adapt';

const THREE = cameraEncodings(720); // h 1200, m 400 (1/2), l 120 (1/4) kbit/s
const sample = (availableKbps: number, more: Partial<NetSample> = {}): NetSample => ({
  availableKbps,
  lossFraction: 0,
  rttMs: 20,
  limitation: 'none',
  ...more,
});

/** `seconds` rounds of the SFU uplink rule on the same sample; returns the state and hold. */
function run(x: NetSample, seconds: number, from = { s: INITIAL, signs: NO_LIMIT }) {
  let { s, signs } = from;
  const ceiling = simulcastCeilingKbps(THREE);
  for (let i = 0; i < seconds; i++) {
    signs = limitSignsNext(signs, x);
    s = step(s, gatedSample(x, signs, ceiling), ceiling);
  }
  return { s, signs };
}

describe('network adaptation of an SFU publisher', () => {
  it('has the layers summed as its ceiling', () => {
    expect(simulcastCeilingKbps(THREE)).toBe(1720);
    expect(simulcastCeilingKbps(cameraEncodings(180))).toBe(900);
  });

  it.each([
    // estimate, encoder limitation, loss -> the estimate counts (loss), level
    [80, 'none', 0, false, 'full'],
    [80, 'cpu', 0, false, 'full'],
    [80, 'bandwidth', 0, false, 'reduced'],
    [80, 'none', 0.2, true, 'reduced'],
    [80, 'none', 0.05, false, 'full'],
  ] as const)(
    'an estimate of %s with limitation %s and loss %s: counts %s, %s',
    (kbps, why, loss, counts, level) => {
      const x = sample(kbps, { limitation: why, lossFraction: loss });
      const signs = limitSignsNext(NO_LIMIT, x);
      expect(gatedSample(x, signs, 1720).availableKbps).toBe(counts ? kbps : 1760);
      expect(simulcastLevel(false, signs)).toBe(level);
    },
  );

  it('never pauses a sender whose estimate is low without loss', () => {
    for (const limitation of ['none', 'bandwidth']) {
      const { s } = run(sample(60, { limitation }), 30);
      expect(s.paused).toBe(false);
      expect(simulcastFor(s.paused, THREE).map((l) => l.active)).toEqual([true, true, true]);
    }
  });

  it('pauses video below the floor while packets are lost, and tries again', () => {
    const lossy = run(sample(60, { limitation: 'bandwidth', lossFraction: 0.3 }), 3);
    expect(lossy.s.paused).toBe(true);
    expect(simulcastLevel(true, lossy.signs)).toBe('paused');
    expect(simulcastFor(true, THREE)).toEqual(
      THREE.map((l) => ({ active: false, maxBitrate: l.maxBitrate })),
    );
    // Paused, audio alone fits: no loss; the trial comes after the rule's wait.
    const trial = run(sample(60), lossy.s.retryS, lossy);
    expect(trial.s.paused).toBe(false);
    // The trial starts from a low estimate; without loss it keeps going.
    const after = run(sample(70, { limitation: 'bandwidth' }), 20, trial);
    expect(after.s.paused).toBe(false);
    expect(simulcastLevel(false, after.signs)).toBe('reduced');
  });

  it(`holds a limit for ${LIMIT_HOLD_S} s after its last sign`, () => {
    let signs = limitSignsNext(NO_LIMIT, sample(300, { limitation: 'bandwidth' }));
    for (let i = 1; i < LIMIT_HOLD_S; i++) {
      signs = limitSignsNext(signs, sample(300));
      expect(simulcastLevel(false, signs)).toBe('reduced');
    }
    signs = limitSignsNext(signs, sample(300));
    expect(simulcastLevel(false, signs)).toBe('full');
  });

  it('keeps every layer at its negotiated maximum while video is on', () => {
    const on: AdaptState = { ...INITIAL, capKbps: 130 };
    expect(simulcastFor(on.paused, THREE)).toEqual(
      THREE.map((l) => ({ active: true, maxBitrate: l.maxBitrate })),
    );
  });
});
