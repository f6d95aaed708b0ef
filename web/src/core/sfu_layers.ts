// Picks each camera subscription's simulcast layer every few seconds (docs/web.md "The SFU"):
// from its tile's height, its video loss over the interval, and the downlink estimate.

import { chooseLayer } from './sfu_layer';
import type { SfuSubscriber } from './sfu_subscriber';

interface VideoCounters {
  received: number;
  lost: number;
}

/** Video packets received and lost, and the connection's downlink estimate (kbit/s). */
export function readLayerStats(
  report: RTCStatsReport,
): VideoCounters & { downlink: number | null } {
  let received = 0;
  let lost = 0;
  let downlink: number | null = null;
  report.forEach((raw: unknown) => {
    const s = raw as Record<string, unknown>;
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      received += typeof s.packetsReceived === 'number' ? s.packetsReceived : 0;
      lost += typeof s.packetsLost === 'number' ? Math.max(0, s.packetsLost) : 0;
    } else if (s.type === 'candidate-pair' && typeof s.availableIncomingBitrate === 'number') {
      downlink = s.availableIncomingBitrate / 1000;
    }
  });
  return { received, lost, downlink };
}

export class SfuLayers {
  private readonly previous = new WeakMap<SfuSubscriber, VideoCounters>();
  /** A higher layer is asked only when two rounds in a row want it (each switch waits for a
   * keyframe); a lower one at once. */
  private readonly wantsUp = new WeakMap<SfuSubscriber, number>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly subscribers: () => SfuSubscriber[],
    /** The height of `socketId`'s tile in device pixels (0: hidden or unknown). */
    private readonly tileHeight: (socketId: string) => number,
    intervalMs = 2000,
  ) {
    this.timer = setInterval(() => void this.round(), intervalMs);
  }

  async round(): Promise<void> {
    const cameras = this.subscribers().filter((s) => s.feed.kind === 'camera' && s.id);
    const samples = await Promise.all(
      cameras.map(async (sub) => ({ sub, stats: await sub.getStats().catch(() => null) })),
    );
    const downlinks = samples.flatMap(({ stats }) => {
      const d = stats ? readLayerStats(stats).downlink : null;
      return d === null ? [] : [d];
    });
    // Each subscription is its own connection: their estimates add up to the downlink.
    const downlinkKbps = downlinks.length ? downlinks.reduce((a, b) => a + b, 0) : null;
    for (const { sub, stats } of samples) {
      if (!stats) continue;
      const now = readLayerStats(stats);
      const before = this.previous.get(sub);
      this.previous.set(sub, now);
      const received = now.received - (before?.received ?? 0);
      const lost = Math.max(0, now.lost - (before?.lost ?? 0));
      const loss = received + lost > 0 ? lost / (received + lost) : 0;
      const tileHeight = this.tileHeight(sub.feed.socketId);
      const layer = chooseLayer({ tileHeight, loss, downlinkKbps, streams: cameras.length });
      const current = sub.layer;
      if (current !== null && layer > current) {
        const rounds = (this.wantsUp.get(sub) ?? 0) + 1;
        this.wantsUp.set(sub, rounds);
        if (rounds < 2) continue;
      }
      this.wantsUp.delete(sub);
      sub.setLayer(layer);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
