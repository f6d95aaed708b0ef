import { describe, expect, it } from 'vitest';
import { PAUSE_AFTER } from './net_adapt';
import { LOSS_REPORTS, type LayerSetting } from './simulcast_adapt';
import { cameraEncodings } from './sfu_layer';
import type { SfuPublisher } from './sfu_publisher';
import { FULL_UPLINK, SfuUplink, STALE_LOSS_S } from './sfu_uplink';

/** A camera publisher whose pair reports `estimate` kbit/s, its encoder `limitation`, and
 * the SFU `loss` (fraction). */
function fakePublisher(
  sample: () => [number, string, number?],
  video = () => true,
  watched = cameraEncodings(720),
) {
  const applied: LayerSetting[][] = [];
  let reports = 0; // a fresh RTCP report each round
  const report = () =>
    new Map([
      ['t', { type: 'transport', id: 't', selectedCandidatePairId: 'p' }],
      ['p', { type: 'candidate-pair', id: 'p', availableOutgoingBitrate: sample()[0] * 1000 }],
      ['o', { type: 'outbound-rtp', id: 'o', kind: 'video', qualityLimitationReason: sample()[1] }],
      [
        'r',
        {
          type: 'remote-inbound-rtp',
          id: 'r',
          kind: 'video',
          reportsReceived: ++reports,
          fractionLost: sample()[2] ?? 0,
        },
      ],
    ]) as unknown as RTCStatsReport;
  const publisher = {
    id: 'pc-1',
    isClosed: false,
    layers: cameraEncodings(720),
    watchedLayers: () => watched,
    sendsVideo: video,
    getStats: async () => report(),
    applyLayers: async (s: LayerSetting[]) => void applied.push(s),
  };
  return { publisher: publisher as unknown as SfuPublisher, applied };
}

const sent = (s: LayerSetting[] | undefined) => s?.map((l) => l.active);

describe('SfuUplink', () => {
  it('counts only the layers someone watches in what the feed may send', async () => {
    const { publisher } = fakePublisher(
      () => [3000, 'none'],
      undefined,
      cameraEncodings(720).slice(1),
    );
    const uplink = new SfuUplink(() => publisher);
    uplink.start();
    try {
      await uplink.round();
      expect(uplink.state.get()).toEqual({ sending: 'full', capKbps: 520 });
    } finally {
      uplink.stop();
    }
  });

  it('steps the rule on the camera feed each round and applies its layers', async () => {
    let now: [number, string, number?] = [3000, 'none'];
    const { publisher, applied } = fakePublisher(() => now);
    const uplink = new SfuUplink(() => publisher);
    uplink.start();
    try {
      await uplink.round();
      expect(sent(applied.at(-1))).toEqual([true, true, true]);
      expect(uplink.state.get()).toEqual({ sending: 'full', capKbps: 1720 });
      // A low estimate without loss changes nothing.
      now = [90, 'none'];
      for (let i = 0; i < 6; i++) await uplink.round();
      expect(uplink.state.get().sending).toBe('full');
      // The browser says the network holds it back: reduced; with loss under the floor, paused.
      now = [300, 'bandwidth'];
      await uplink.round();
      expect(uplink.state.get().sending).toBe('reduced');
      expect(sent(applied.at(-1))).toEqual([true, true, true]);
      now = [80, 'bandwidth', 0.3];
      for (let i = 0; i < LOSS_REPORTS + PAUSE_AFTER - 1; i++) await uplink.round();
      expect(sent(applied.at(-1))).toEqual([false, false, false]);
      expect(uplink.state.get().sending).toBe('paused');
      // Lifted: the trial comes, and the loss figure left from before the pause does not
      // pause it again while fresh reports come in.
      now = [50, 'bandwidth', 0.3];
      for (let i = 0; i < uplink.adaptation.retryS; i++) await uplink.round();
      expect(uplink.state.get().sending).toBe('reduced');
      for (let i = 0; i < STALE_LOSS_S; i++) await uplink.round();
      expect(uplink.state.get().sending).toBe('reduced');
      now = [60, 'bandwidth', 0];
      for (let i = 0; i < 10; i++) await uplink.round();
      expect(sent(applied.at(-1))).toEqual([true, true, true]);
    } finally {
      uplink.stop();
    }
  });

  it('starts over for a new feed or one without live video', async () => {
    let video = true;
    const first = fakePublisher(
      () => [80, 'bandwidth', 0.3],
      () => video,
    );
    let current = first.publisher;
    const uplink = new SfuUplink(() => current);
    uplink.start();
    try {
      for (let i = 0; i < LOSS_REPORTS + PAUSE_AFTER - 1; i++) await uplink.round();
      expect(uplink.state.get().sending).toBe('paused');
      video = false;
      await uplink.round();
      expect(uplink.state.get()).toEqual({ sending: 'full', capKbps: 1720 });
      expect(sent(first.applied.at(-1))).toEqual([true, true, true]);
      const second = fakePublisher(() => [3000, 'none']);
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
