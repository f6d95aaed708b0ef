// Network adaptation of what we publish to the SFU (docs/web.md "Network adaptation", "On the
// SFU"): once a second, the camera feed's own getStats() goes through the mesh's rule
// (net_adapt.ts) and its encodings follow as simulcast layers (simulcast_adapt.ts). `state`
// is what our tile and the others' tiles say about it.

import { INITIAL, netSample, step, type AdaptState, type SendLevel } from './net_adapt';
import { Store, type Readable } from './observable';
import type { SfuPublisher } from './sfu_publisher';
import { simulcastCeilingKbps, simulcastFor, simulcastLevel } from './simulcast_adapt';
import { readCounters } from './stats';

export interface UplinkState {
  sending: SendLevel;
  /** The video cap on the SFU connection, kbit/s (the layers' sum when not reduced). */
  capKbps: number;
}

export const FULL_UPLINK: UplinkState = { sending: 'full', capKbps: Infinity };

export class SfuUplink {
  private readonly store = new Store<UplinkState>(FULL_UPLINK);
  private adapt: AdaptState = INITIAL;
  private publisher: SfuPublisher | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly camera: () => SfuPublisher | undefined,
    private readonly intervalMs = 1000,
  ) {}

  get state(): Readable<UplinkState> {
    return this.store;
  }

  /** The rule's state now (tests, diagnostics). */
  get adaptation(): AdaptState {
    return this.adapt;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.round(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round: a new feed, or one without live video, starts over at every layer. */
  async round(): Promise<void> {
    const publisher = this.camera();
    if (publisher !== this.publisher) this.adapt = INITIAL;
    this.publisher = publisher;
    if (!publisher || publisher.isClosed || publisher.id === null) return;
    if (publisher.sendsVideo()) {
      const report = await publisher.getStats().catch(() => null);
      if (!report || publisher !== this.publisher || !this.timer) return;
      const ceiling = simulcastCeilingKbps(publisher.layers);
      this.adapt = step(this.adapt, netSample(readCounters(report)), ceiling);
    } else this.adapt = INITIAL;
    await publisher.applyLayers(simulcastFor(this.adapt, publisher.layers));
    const ceiling = simulcastCeilingKbps(publisher.layers);
    const next = {
      sending: simulcastLevel(this.adapt, publisher.layers),
      capKbps: Math.round(Math.min(this.adapt.capKbps, ceiling)),
    };
    const now = this.store.get();
    if (now.sending !== next.sending || now.capKbps !== next.capKbps) this.store.set(next);
  }
}
