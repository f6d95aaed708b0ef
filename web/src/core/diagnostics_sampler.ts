// Samples getStats of every remote peer once a second while the diagnostics panel is open and
// keeps the latest Figures per socket id (docs/web.md "Diagnostics"). Framework-free.

import { figures, snapshot, type Figures, type Snapshot } from './diagnostics';
import { Store, type Readable } from './observable';

export interface StatsSource {
  /** Socket ids of the remote peers now. */
  socketIds(): string[];
  statsOf(socketId: string): Promise<RTCStatsReport | null>;
  /** Whether media goes through the SFU (then every path is `sfu`). */
  viaSfu(): boolean;
}

export class DiagnosticsSampler {
  readonly figures: Readable<ReadonlyMap<string, Figures>>;
  private readonly store = new Store<ReadonlyMap<string, Figures>>(new Map());
  private readonly last = new Map<string, Snapshot>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly source: StatsSource,
    private readonly intervalMs = 1000,
  ) {
    this.figures = this.store;
  }

  start(): void {
    if (this.timer) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sample(): Promise<void> {
    const ids = this.source.socketIds();
    const reports = await Promise.all(ids.map((id) => this.source.statsOf(id)));
    if (!this.timer) return;
    const next = new Map<string, Figures>();
    const now = Date.now();
    ids.forEach((id, i) => {
      const report = reports[i];
      if (!report) return;
      const snap = snapshot(report, now, this.source.viaSfu());
      next.set(id, figures(this.last.get(id), snap));
      this.last.set(id, snap);
    });
    for (const id of [...this.last.keys()]) if (!ids.includes(id)) this.last.delete(id);
    this.store.set(next);
  }
}
