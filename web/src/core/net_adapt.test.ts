import { describe, expect, it } from 'vitest';
import {
  budgetOf,
  encodingFor,
  INITIAL,
  levelOf,
  PROBE_FIRST_WAIT_S,
  PROBE_MAX_WAIT_S,
  PROBE_S,
  RETRY_FIRST_S,
  roomOf,
  stallRun,
  STARTUP_S,
  step,
  type AdaptState,
  type NetSample,
} from './net_adapt';

const sample = (availableKbps: number | null, more: Partial<NetSample> = {}): NetSample => ({
  availableKbps,
  lossFraction: 0,
  rttMs: 40,
  limitation: 'none',
  ...more,
});

/** A link past its first seconds of probing. */
const SETTLED: AdaptState = { ...INITIAL, age: STARTUP_S };

/** Runs `samples` (one a second) through the rule for a one-to-one camera link. */
function run(samples: NetSample[], from: AdaptState = SETTLED, ceiling = 1500): AdaptState[] {
  const out: AdaptState[] = [];
  let s = from;
  for (const x of samples) out.push((s = step(s, x, ceiling)));
  return out;
}
const last = <T>(xs: T[]): T => xs[xs.length - 1]!;
const times = (n: number, x: NetSample) => Array.from({ length: n }, () => x);

describe('network adaptation: stats in, encodings out', () => {
  it('keeps the mesh ceiling until an estimate exists, and on a fast network', () => {
    expect(last(run([sample(null)])).capKbps).toBe(Infinity);
    const fast = last(run(times(5, sample(5000))));
    expect(encodingFor(fast, 'camera', 1, 720)).toEqual({
      active: true,
      maxBitrate: 1_500_000,
      maxFramerate: 30,
      scaleResolutionDownBy: 1,
      degradationPreference: 'maintain-framerate',
    });
    expect(levelOf(fast, 'camera', 1)).toBe('full');
  });

  it.each([
    // estimate kbit/s -> cap (the budget: 90 % minus 40 for audio), camera height at 720p, fps
    [1300, 1130, 720, 30],
    [800, 680, 540, 30],
    [400, 320, 360, 24],
    [300, 230, 240, 20],
    [200, 140, 180, 15],
    [130, 77, 180, 15],
  ])('an estimate of %i kbit/s caps video at %i kbit/s, %ip%i', (avail, cap, height, fps) => {
    const s = last(run([sample(avail)]));
    expect(s.capKbps).toBe(cap);
    const e = encodingFor(s, 'camera', 1, 720);
    expect(e.maxBitrate).toBe(cap * 1000);
    expect(e.maxFramerate).toBe(fps);
    expect(e.scaleResolutionDownBy).toBe(Math.round((720 / height) * 100) / 100);
    expect(levelOf(s, 'camera', 1)).toBe(cap < 1350 ? 'reduced' : 'full');
  });

  it('keeps screen shares at full resolution and trades frame rate', () => {
    const s = last(run([sample(300)], SETTLED, 1500));
    expect(encodingFor(s, 'screen', 1, 1080)).toEqual({
      active: true,
      maxBitrate: 230_000,
      maxFramerate: 5,
      scaleResolutionDownBy: 1,
      degradationPreference: 'maintain-resolution',
    });
    expect(encodingFor(INITIAL, 'screen', 4, 1080).maxFramerate).toBe(15);
  });

  it('never exceeds the mesh bandwidth rule for the number of peers', () => {
    const s = last(run(times(5, sample(5000))));
    expect(encodingFor(s, 'camera', 4, 720).maxBitrate).toBe(500_000);
    expect(levelOf(s, 'camera', 4)).toBe('full');
  });

  it('cuts the cap under loss even when the estimate is high, at most every third second (RTCP reports repeat)', () => {
    const steady = last(run([sample(1000)]));
    const cuts = run(times(4, sample(1000, { lossFraction: 0.2 })), steady);
    expect(cuts.map((s) => s.capKbps)).toEqual([645, 645, 645, 484]);
  });

  it('lets a new connection probe: its first estimates lower nothing, loss still does', () => {
    const ramp = run([sample(300), sample(300), sample(900), sample(2000), sample(2500)], INITIAL);
    expect(ramp.map((s) => Math.min(s.capKbps, 1500))).toEqual([1500, 1500, 1500, 1500, 1500]);
    const slow = run(times(STARTUP_S + 1, sample(300)), INITIAL);
    expect(last(slow).capKbps).toBe(230);
    expect(step(INITIAL, sample(300, { lossFraction: 0.3 }), 1500).capKbps).toBe(230);
  });

  it('has hysteresis: small swings move nothing, a raise needs two clean seconds', () => {
    const at = last(run([sample(400)]));
    expect(at.capKbps).toBe(320);
    // +10 % and -5 % of the estimate: inside the band, the cap holds
    const wobble = run([sample(440), sample(380), sample(430), sample(390)], at);
    expect(wobble.map((s) => s.capKbps)).toEqual([320, 320, 320, 320]);
    // a clear rise must last two samples; loss or a long round trip resets the count
    // ... to the room: the whole estimate but the audio reserve
    const rise = run(
      [
        sample(800),
        sample(800, { rttMs: 600 }),
        sample(800, { lossFraction: 0.05 }),
        sample(800),
        sample(800),
      ],
      at,
    );
    expect(rise.map((s) => s.capKbps)).toEqual([320, 320, 320, 320, 760]);
  });

  it('climbs back step by step as the estimate recovers', () => {
    const low = last(run([sample(300)]));
    // the estimate runs about 1.5x ahead of what is sent once the link is free
    let s = low;
    const caps: number[] = [];
    for (let i = 0; i < 20; i++) {
      s = step(s, sample(Math.min(5000, Math.round(Math.min(s.capKbps, 1500) * 1.5))), 1500);
      caps.push(s.capKbps);
    }
    expect(caps[0]).toBe(230);
    expect(caps.findIndex((c) => c > 600)).toBeLessThan(10);
    expect(last(caps)).toBe(1500);
  });

  it('probes above a clean estimate: max bitrate twice the room, resolution from the cap', () => {
    const low = last(run([sample(300)]));
    const [, probing] = run([sample(300), sample(300)], low);
    expect(probing!.probeKbps).toBe(2 * roomOf(300));
    const e = encodingFor(probing!, 'camera', 1, 720);
    expect(e.maxBitrate).toBe(2 * roomOf(300) * 1000);
    expect(e.scaleResolutionDownBy).toBe(encodingFor(low, 'camera', 1, 720).scaleResolutionDownBy);
    expect(levelOf(probing!, 'camera', 1)).toBe('reduced');
    // the estimate follows: the probe ends, the cap climbs to the new room, the next probe
    // comes after the shortest wait
    const followed = run(times(3, sample(600)), probing!);
    expect(followed[0]!.probeKbps).toBe(0);
    expect(followed[0]!.probeWait).toBe(PROBE_FIRST_WAIT_S);
    expect(last(followed).capKbps).toBe(roomOf(600));
    // never above the mesh ceiling, and none with loss, a long round trip or at the ceiling
    expect(last(run(times(3, sample(1000)), low)).probeKbps).toBe(1500);
    expect(last(run(times(3, sample(300, { rttMs: 600 })), low)).probeKbps).toBe(0);
    expect(last(run(times(6, sample(5000)))).probeKbps).toBe(0);
  });

  it('backs off from probes the estimate did not follow, and drops a probe on loss', () => {
    let s = last(run([sample(300)]));
    const starts: number[] = [];
    for (let t = 0; t < 120; t++) {
      const was = s.probeKbps;
      s = step(s, sample(300), 1500);
      if (!was && s.probeKbps) starts.push(t);
    }
    // each failed probe (PROBE_S long) doubles the wait before the next, up to the maximum
    const gaps = starts.slice(1).map((t, i) => t - starts[i]! - PROBE_S);
    expect(gaps).toEqual([4, 8, 16, 32, 32]);
    expect(PROBE_MAX_WAIT_S).toBe(32);
    // the cap itself stays within what the estimate allows
    expect(s.capKbps).toBe(roomOf(300));
    const probing = last(run(times(3, sample(300)), last(run([sample(300)]))));
    expect(probing.probeKbps).toBeGreaterThan(0);
    expect(step(probing, sample(300, { lossFraction: 0.3 }), 1500).probeKbps).toBe(0);
  });

  it('pauses video under the floor, keeps it paused, then tries again by itself', () => {
    const states = run([sample(500), sample(100), sample(80)]);
    expect(states.map((s) => s.paused)).toEqual([false, false, true]);
    const paused = last(states);
    expect(encodingFor(paused, 'camera', 1, 720).active).toBe(false);
    expect(levelOf(paused, 'camera', 1)).toBe('paused');
    // a single dip does not pause
    expect(last(run([sample(500), sample(100), sample(500)])).paused).toBe(false);
    // paused: a trial after RETRY_FIRST_S seconds, at what the floor allows
    const wait = run(times(RETRY_FIRST_S, sample(60)), paused);
    expect(wait.map((s) => s.paused)).toEqual([true, true, true, false]);
    const trial = last(wait);
    expect(trial.capKbps).toBe(budgetOf(150));
    // ... with a probe: the estimate of a link carrying audio alone grows slowly
    expect(trial.probeKbps).toBe(budgetOf(150) * 2);
    expect(encodingFor(trial, 'camera', 1, 720).maxBitrate).toBe(budgetOf(150) * 2000);
    // the trial fails: paused again, the next trial waits twice as long
    const again = last(run([sample(60), sample(60)], trial));
    expect(again.paused).toBe(true);
    expect(again.retryS).toBe(RETRY_FIRST_S * 2);
    // the trial holds on a recovered link: video runs and climbs
    const ok = run(times(12, sample(900)), trial);
    expect(ok.every((s) => !s.paused)).toBe(true);
    expect(last(ok).capKbps).toBe(roomOf(900));
    expect(last(ok).retryS).toBe(RETRY_FIRST_S);
  });

  it('gives a trial whose estimate still climbs its time; a flat one pauses again', () => {
    const paused = last(run([sample(500), sample(100), sample(80)]));
    const trial = last(run(times(RETRY_FIRST_S, sample(40)), paused));
    expect(trial.paused).toBe(false);
    // +20 % a second under the floor: the probes work, video keeps running
    const climbing = run([sample(50), sample(62), sample(76), sample(95), sample(130)], trial);
    expect(climbing.every((s) => !s.paused)).toBe(true);
    // flat under the floor: paused again after two seconds
    expect(run([sample(45), sample(45)], trial).map((s) => s.paused)).toEqual([false, true]);
  });

  it('lets a receiver tell a paused sender from a quiet one', () => {
    const a = { framesDecoded: 100, audioPacketsReceived: 50 };
    expect(stallRun(0, undefined, a)).toBe(0);
    expect(stallRun(0, a, { framesDecoded: 100, audioPacketsReceived: 100 })).toBe(1);
    expect(stallRun(2, a, { framesDecoded: 100, audioPacketsReceived: 100 })).toBe(3);
    expect(stallRun(2, a, { framesDecoded: 120, audioPacketsReceived: 100 })).toBe(0);
    // no audio either (a dead connection) or no video yet: not a pause
    expect(stallRun(2, a, a)).toBe(0);
    const start = { framesDecoded: 0, audioPacketsReceived: 5 };
    expect(stallRun(2, start, { framesDecoded: 0, audioPacketsReceived: 50 })).toBe(0);
  });
});
