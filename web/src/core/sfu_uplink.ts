// Network adaptation of what we publish to the SFU (docs/web.md "Network adaptation", "On the
// SFU"): once a second, the camera feed's own getStats() goes through the mesh's rule
// (net_adapt.ts), gated by whether the network limits the sender (simulcast_adapt.ts); its
// layers are all on, or all off while the rule pauses video. `state` is what our tile and the
// others' tiles say about it.

import { debugLog } from './debug_log';
import { INITIAL, netSample, step, type AdaptState, type SendLevel } from './net_adapt';
import { Store, type Readable } from './observable';
import type { SfuPublisher } from './sfu_publisher';
import {
  freshVideoLoss,
  gatedSample,
  networkLimited,
  limitSignsNext,
  NO_LIMIT,
  simulcastCeilingKbps,
  simulcastFor,
  simulcastLevel,
  type LimitSigns,
  type LossSeen,
} from './simulcast_adapt';
import { readCounters } from './stats';

export interface UplinkState {
  sending: SendLevel;
  /** The rule's video cap while the network loses packets, kbit/s (else the layers' sum). */
  capKbps: number;
}

/** Seconds a resumed feed ignores the loss reported before (one RTCP report a second or so). */
export const STALE_LOSS_S = 3;

export const FULL_UPLINK: UplinkState = { sending: 'full', capKbps: Infinity };

export class SfuUplink {
  private readonly store = new Store<UplinkState>(FULL_UPLINK);
  private adapt: AdaptState = INITIAL;
  /** Seconds since the network last limited the sender, and since each lossy second. */
  private signs: LimitSigns = NO_LIMIT;
  /** The last round's send estimate (kbit/s), null before one. */
  private estimateKbps: number | null = null;
  /** The SFU's reports counted so far (only new ones tell this round's loss). */
  private lossSeen: LossSeen = new Map();
  /** Rounds left in which a resumed feed's loss figure is still the paused period's. */
  private staleLoss = 0;
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

  /** One round: a new feed, or one without live video, starts over with every layer on. */
  async round(): Promise<void> {
    const publisher = this.camera();
    if (publisher !== this.publisher) this.restart();
    this.publisher = publisher;
    if (!publisher || publisher.isClosed || publisher.id === null) return;
    const ceiling = simulcastCeilingKbps(publisher.watchedLayers());
    if (publisher.sendsVideo()) {
      const report = await publisher.getStats().catch(() => null);
      if (!report || publisher !== this.publisher || !this.timer) return;
      const sample = netSample(readCounters(report));
      const fresh = freshVideoLoss(report, this.lossSeen);
      this.lossSeen = fresh.seen;
      sample.lossFraction = fresh.loss;
      // The SFU's last loss report before a pause describes the link as it was: a resumed
      // feed waits STALE_LOSS_S for reports on its own packets before loss counts again.
      if (this.staleLoss > 0) {
        this.staleLoss--;
        sample.lossFraction = null;
      }
      this.signs = limitSignsNext(this.signs, sample);
      this.estimateKbps = sample.availableKbps;
      const wasPaused = this.adapt.paused;
      this.adapt = step(this.adapt, gatedSample(sample, this.signs, ceiling), ceiling);
      if (wasPaused !== this.adapt.paused)
        debugLog('sfu uplink', this.adapt.paused ? 'paused' : 'trial', sample, this.signs);
      if (wasPaused && !this.adapt.paused) {
        this.staleLoss = STALE_LOSS_S;
        this.signs = { ...this.signs, losses: [], low: NO_LIMIT.low };
      }
    } else this.restart();
    await publisher.applyLayers(simulcastFor(this.adapt.paused, publisher.layers));
    const next = {
      sending: simulcastLevel(this.adapt.paused, this.signs),
      capKbps: Math.round(
        networkLimited(this.signs, this.estimateKbps)
          ? Math.min(this.adapt.capKbps, ceiling)
          : ceiling,
      ),
    };
    const now = this.store.get();
    if (now.sending !== next.sending || now.capKbps !== next.capKbps) this.store.set(next);
  }

  private restart(): void {
    this.adapt = INITIAL;
    this.signs = NO_LIMIT;
    this.estimateKbps = null;
    this.lossSeen = new Map();
    this.staleLoss = 0;
  }
}
