import { describe, expect, it } from 'vitest';
import { INITIAL, PAUSE_AFTER, step, type AdaptState, type NetSample } from './net_adapt';
import { cameraEncodings } from './sfu_layer';
import {
  freshVideoLoss,
  gatedSample,
  LIMIT_HOLD_S,
  limitSignsNext,
  LOW_HOLD_S,
  LOSS_REPORTS,
  networkLimited,
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
    // estimate, encoder limitation, loss, seconds of it -> the estimate counts, level
    [80, 'none', 0, LOSS_REPORTS, false, 'full'],
    [80, 'cpu', 0, LOSS_REPORTS, false, 'full'],
    [80, 'bandwidth', 0, LOSS_REPORTS, false, 'reduced'],
    [80, 'none', 0.2, LOSS_REPORTS - 1, false, 'reduced'],
    [80, 'none', 0.2, LOSS_REPORTS, true, 'reduced'],
    [80, 'cpu', 0.2, LOSS_REPORTS, true, 'reduced'], // a weak network on a busy machine too
    [80, 'none', 0.05, LOSS_REPORTS, false, 'full'],
  ] as const)(
    'an estimate of %s with limitation %s and loss %s for %s s: counts %s, %s',
    (kbps, why, loss, seconds, counts, level) => {
      const x = sample(kbps, { limitation: why, lossFraction: loss });
      let signs = NO_LIMIT;
      for (let i = 0; i < seconds; i++) signs = limitSignsNext(signs, x);
      expect(gatedSample(x, signs, 1720).availableKbps).toBe(counts ? kbps : 1760);
      expect(simulcastLevel(false, signs)).toBe(level);
    },
  );

  it(`needs ${LOSS_REPORTS} lossy seconds within ${LIMIT_HOLD_S} s, not in a row`, () => {
    const lossy = sample(80, { lossFraction: 0.3 });
    const clean = sample(80);
    let signs = NO_LIMIT;
    for (const x of [lossy, clean, clean, lossy, clean, clean, clean, clean, clean, clean])
      signs = limitSignsNext(signs, x);
    expect(networkLimited(signs)).toBe(false); // the first one aged out of the hold
    signs = limitSignsNext(limitSignsNext(signs, lossy), lossy);
    expect(networkLimited(signs)).toBe(true);
  });

  it('reads loss from fresh reports only, weighted by the packets each layer sent', () => {
    const report = (layers: Array<[string, number, number, number]>) =>
      new Map<string, Record<string, unknown>>(
        layers.flatMap(
          ([rid, reports, sent, fractionLost]): Array<[string, Record<string, unknown>]> => [
            [`o${rid}`, { type: 'outbound-rtp', id: `o${rid}`, kind: 'video', packetsSent: sent }],
            [
              `r${rid}`,
              {
                type: 'remote-inbound-rtp',
                id: `r${rid}`,
                kind: 'video',
                localId: `o${rid}`,
                reportsReceived: reports,
                fractionLost,
              },
            ],
          ],
        ),
      ) as unknown as RTCStatsReport;
    const first = freshVideoLoss(
      report([
        ['h', 1, 100, 0.5],
        ['l', 1, 100, 0],
      ]),
      new Map(),
    );
    expect(first.loss).toBeCloseTo(0.25);
    // h stopped (same report, no packets): only l's new report counts.
    const second = freshVideoLoss(
      report([
        ['h', 1, 100, 0.5],
        ['l', 2, 130, 0.1],
      ]),
      first.seen,
    );
    expect(second.loss).toBeCloseTo(0.1);
    // l got 300 packets out and 10 % loss, h 100 and 40 %: 0.175.
    const third = freshVideoLoss(
      report([
        ['h', 2, 200, 0.4],
        ['l', 3, 430, 0.1],
      ]),
      second.seen,
    );
    expect(third.loss).toBeCloseTo((0.4 * 100 + 0.1 * 300) / 400);
    expect(freshVideoLoss(report([['h', 2, 200, 0.4]]), third.seen).loss).toBeNull();
  });

  it(`pauses a flat estimate under the floor without loss only after ${LOW_HOLD_S} s`, () => {
    for (const limitation of ['none', 'bandwidth']) {
      const flat = sample(60, { limitation });
      expect(run(flat, LOW_HOLD_S + PAUSE_AFTER - 2).s.paused).toBe(false);
      expect(run(flat, LOW_HOLD_S + PAUSE_AFTER - 1).s.paused).toBe(true);
    }
    // Over the floor, however long, it is not the network's.
    const { s } = run(sample(130, { limitation: 'bandwidth' }), 30);
    expect(s.paused).toBe(false);
    expect(simulcastFor(s.paused, THREE).map((l) => l.active)).toEqual([true, true, true]);
  });

  it('never pauses an estimate that climbs from under the floor (a feed resuming)', () => {
    let state = { s: INITIAL, signs: NO_LIMIT };
    for (let kbps = 30; kbps < 400; kbps *= 1.1) {
      state = run(sample(kbps, { limitation: 'bandwidth' }), 1, state);
      expect(state.s.paused).toBe(false);
    }
  });

  it('pauses video below the floor while packets are lost, and tries again', () => {
    const weak = sample(60, { limitation: 'bandwidth', lossFraction: 0.3 });
    // LOSS_REPORTS lossy seconds make the estimate count, then PAUSE_AFTER under the floor.
    expect(run(weak, LOSS_REPORTS + PAUSE_AFTER - 2).s.paused).toBe(false);
    const lossy = run(weak, LOSS_REPORTS + PAUSE_AFTER - 1);
    expect(lossy.s.paused).toBe(true);
    expect(simulcastLevel(true, lossy.signs)).toBe('paused');
    expect(simulcastFor(true, THREE)).toEqual(
      THREE.map((l) => ({ active: false, maxBitrate: l.maxBitrate })),
    );
    // Paused, audio alone fits: no loss; the trial comes after the rule's wait.
    const trial = run(sample(60), lossy.s.retryS, lossy);
    expect(trial.s.paused).toBe(false);
    // The trial starts from a low estimate; climbing, without loss, it keeps going.
    let after = trial;
    for (let kbps = 40; kbps < 300; kbps *= 1.1)
      after = run(sample(kbps, { limitation: 'bandwidth' }), 1, after);
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
