import { describe, expect, it } from 'vitest';
import type { LayerSetting } from './simulcast_adapt';
import { cameraEncodings } from './sfu_layer';
import type { SfuPublisher } from './sfu_publisher';
import { FULL_UPLINK, SfuUplink } from './sfu_uplink';

/** A camera publisher whose candidate pair reports `estimate` kbit/s. */
function fakePublisher(estimate: () => number, video = () => true) {
  const applied: LayerSetting[][] = [];
  const report = () =>
    new Map([
      ['t', { type: 'transport', id: 't', selectedCandidatePairId: 'p' }],
      ['p', { type: 'candidate-pair', id: 'p', availableOutgoingBitrate: estimate() * 1000 }],
    ]) as unknown as RTCStatsReport;
  const publisher = {
    id: 'pc-1',
    isClosed: false,
    layers: cameraEncodings(720),
    sendsVideo: video,
    getStats: async () => report(),
    applyLayers: async (s: LayerSetting[]) => void applied.push(s),
  };
  return { publisher: publisher as unknown as SfuPublisher, applied };
}

const sent = (s: LayerSetting[] | undefined) => s?.map((l) => l.active);

describe('SfuUplink', () => {
  it('steps the rule on the camera feed each round and applies its layers', async () => {
    let estimate = 3000;
    const { publisher, applied } = fakePublisher(() => estimate);
    const uplink = new SfuUplink(() => publisher);
    uplink.start();
    try {
      await uplink.round();
      expect(sent(applied.at(-1))).toEqual([true, true, true]);
      expect(uplink.state.get().sending).toBe('full');
      estimate = 300;
      for (let i = 0; i < 6; i++) await uplink.round();
      // the top layer off, the lowest on; the middle one only while a probe tries it
      const probing = uplink.adaptation.probeKbps > 0;
      expect(sent(applied.at(-1))).toEqual([false, probing, true]);
      expect(uplink.state.get().sending).toBe('reduced');
      expect(uplink.state.get().capKbps).toBeLessThanOrEqual(260);
      estimate = 80;
      for (let i = 0; i < 2; i++) await uplink.round();
      expect(sent(applied.at(-1))).toEqual([false, false, false]);
      expect(uplink.state.get().sending).toBe('paused');
    } finally {
      uplink.stop();
    }
  });

  it('starts over at every layer for a new feed or one without live video', async () => {
    let video = true;
    const first = fakePublisher(
      () => 300,
      () => video,
    );
    let current = first.publisher;
    const uplink = new SfuUplink(() => current);
    uplink.start();
    try {
      for (let i = 0; i < 6; i++) await uplink.round();
      expect(uplink.state.get().sending).toBe('reduced');
      video = false;
      await uplink.round();
      expect(uplink.state.get()).toEqual({ sending: 'full', capKbps: 1720 });
      expect(sent(first.applied.at(-1))).toEqual([true, true, true]);
      video = true;
      for (let i = 0; i < 6; i++) await uplink.round();
      expect(uplink.state.get().sending).toBe('reduced');
      const second = fakePublisher(() => 3000);
      current = second.publisher;
      await uplink.round();
      expect(uplink.state.get()).toEqual({ sending: 'full', capKbps: 1720 });
      expect(sent(second.applied.at(-1))).toEqual([true, true, true]);
    } finally {
      uplink.stop();
    }
    expect(new SfuUplink(() => undefined).state.get()).toBe(FULL_UPLINK);
  });
});
