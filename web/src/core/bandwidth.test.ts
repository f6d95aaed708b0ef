import { describe, expect, it } from 'vitest';
import {
  cameraLimits,
  MAX_PEER_KBPS,
  MIN_PEER_KBPS,
  scaleDownBy,
  screenLimits,
  UPLINK_BUDGET_KBPS,
} from './bandwidth';

describe('mesh bandwidth rule', () => {
  it('gives a one-to-one call the most: 1.5 Mbit/s at 720p', () => {
    expect(cameraLimits(1)).toEqual({ maxBitrate: 1_500_000, maxHeight: 720, maxFramerate: 30 });
  });

  it('matches the documented table', () => {
    const table = [1, 2, 3, 4, 5, 6, 7].map((n) => {
      const l = cameraLimits(n);
      return [n, l.maxBitrate / 1000, l.maxHeight, l.maxFramerate];
    });
    expect(table).toEqual([
      [1, 1500, 720, 30],
      [2, 1000, 720, 30],
      [3, 667, 540, 30],
      [4, 500, 540, 30],
      [5, 400, 360, 24],
      [6, 333, 360, 24],
      [7, 286, 240, 20],
    ]);
  });

  it('never lowers quality as the mesh shrinks, and never raises it as it grows', () => {
    for (let n = 1; n < 20; n++) {
      const now = cameraLimits(n);
      const bigger = cameraLimits(n + 1);
      expect(bigger.maxBitrate).toBeLessThanOrEqual(now.maxBitrate);
      expect(bigger.maxHeight).toBeLessThanOrEqual(now.maxHeight);
    }
  });

  it('keeps the total video uplink within the budget once there are two or more peers', () => {
    for (let n = 2; n <= 13; n++) {
      expect((cameraLimits(n).maxBitrate / 1000) * n).toBeLessThanOrEqual(UPLINK_BUDGET_KBPS + n);
    }
    // a 6-person mesh: 5 peers at 400 kbit/s = 2.0 Mbit/s of video up
    expect(cameraLimits(5).maxBitrate * 5).toBe(2_000_000);
  });

  it('bounds the per-peer bitrate', () => {
    expect(cameraLimits(0).maxBitrate).toBe(MAX_PEER_KBPS * 1000);
    expect(cameraLimits(100).maxBitrate).toBe(MIN_PEER_KBPS * 1000);
  });

  it('keeps screen shares at full resolution with a lower frame rate', () => {
    expect(screenLimits(4)).toEqual({ maxBitrate: 750_000, maxHeight: 1080, maxFramerate: 15 });
    expect(screenLimits(1).maxBitrate).toBe(1_500_000);
  });

  it('scales a frame down to the allowed height, never up', () => {
    expect(scaleDownBy(720, cameraLimits(1))).toBe(1);
    expect(scaleDownBy(720, cameraLimits(5))).toBe(2);
    expect(scaleDownBy(480, cameraLimits(7))).toBe(2);
    expect(scaleDownBy(240, cameraLimits(7))).toBe(1);
    expect(scaleDownBy(0, cameraLimits(7))).toBe(1);
  });
});
