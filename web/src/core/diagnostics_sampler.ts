// Samples getStats of every remote peer once a second while the diagnostics panel is open and
// keeps the latest Figures per socket id (docs/web.md "Diagnostics"). Framework-free. The
// quality badges have their own always-on StatsSampler; this one runs only while someone looks.

import { figures, snapshot, type Figures, type Snapshot } from './diagnostics';
import { Store, type Readable } from './observable';
import type { StatsTarget } from './stats_sampler';

export interface StatsSource {
  /** The remote peers now: socket id -> link (a PeerLink). */
  targets(): Iterable<readonly [string, StatsTarget]>;
  /** Whether media goes through the SFU (then every path is `sfu`). */
  viaSfu(): boolean;
}

export class DiagnosticsSampler {
  private readonly store = new Store<ReadonlyMap<string, Figures>>(new Map());
  private readonly last = new Map<string, Snapshot>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly source: StatsSource,
    private readonly intervalMs = 1000,
  ) {}

  /** The last round's figures per socket id; a peer whose getStats failed is absent. */
  get figures(): Readable<ReadonlyMap<string, Figures>> {
    return this.store;
  }

  /** Samples now and every interval until stop(). Idempotent. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    void this.sample();
  }

  /** Stops sampling; a round under way publishes nothing. Idempotent. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round: every target's report, published once all have answered (while started). */
  async sample(): Promise<void> {
    const rounds = await Promise.all(
      [...this.source.targets()].map(async ([socketId, target]) => {
        try {
          return [socketId, await target.getStats()] as const;
        } catch {
          return null;
        }
      }),
    );
    if (!this.timer) return;
    const next = new Map<string, Figures>();
    const now = Date.now();
    const viaSfu = this.source.viaSfu();
    for (const round of rounds) {
      if (!round) continue;
      const [socketId, report] = round;
      const snap = snapshot(report, now, viaSfu);
      next.set(socketId, figures(this.last.get(socketId), snap));
      this.last.set(socketId, snap);
    }
    for (const id of [...this.last.keys()]) if (!next.has(id)) this.last.delete(id);
    this.store.set(next);
  }
}
