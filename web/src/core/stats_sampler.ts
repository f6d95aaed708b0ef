// Samples getStats of every peer connection on an interval (docs/web.md, Room features): the
// counters of each round, and each link's quality with loss measured over the interval. A
// participant whose connection changed (a mesh link replaced by an SFU subscription, or the
// reverse) starts over: counters of two connections are never subtracted.

import { Store, type Readable } from './observable';
import type { PeerLink } from './peer_link';
import { assessQuality, readCounters, type PeerCounters, type PeerQuality } from './stats';

/** Anything with getStats (a PeerLink). */
export interface StatsTarget {
  getStats(): Promise<RTCStatsReport>;
}

export class StatsSampler {
  private readonly previous = new Map<string, { target: StatsTarget; counters: PeerCounters }>();
  private readonly latestStore = new Store<ReadonlyMap<string, PeerQuality>>(new Map());
  private readonly timer: ReturnType<typeof setInterval>;
  private closed = false;

  /** Samples `targets()` (socket id -> link) every `intervalMs` until closed. */
  constructor(
    private readonly targets: () => Iterable<readonly [string, StatsTarget]>,
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  /** The last round's quality per socket id; a link whose getStats failed is absent. */
  get latest(): Readable<ReadonlyMap<string, PeerQuality>> {
    return this.latestStore;
  }

  /** Drops the counters of a link that closed or now answers to another socket id. */
  forget(socketId: string): void {
    this.previous.delete(socketId);
  }

  /** One round: reads every target's stats and publishes `latest` once all have answered. */
  async sample(): Promise<void> {
    const rounds = await Promise.all(
      [...this.targets()].map(async ([socketId, target]) => {
        try {
          return [socketId, target, readCounters(await target.getStats())] as const;
        } catch {
          return null;
        }
      }),
    );
    if (this.closed) return;
    const quality = new Map<string, PeerQuality>();
    for (const round of rounds) {
      if (!round) continue;
      const [socketId, target, counters] = round;
      const before = this.previous.get(socketId);
      quality.set(
        socketId,
        assessQuality(before?.target === target ? before.counters : undefined, counters),
      );
      this.previous.set(socketId, { target, counters });
    }
    this.latestStore.set(quality);
  }

  /** Stops sampling. Idempotent. */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.previous.clear();
  }
}

/** One link's raw counters with its addresses, for tests and diagnostics (window.__parley). */
export type LinkSnapshot = { socketId: string; userId: string; state: string } & PeerCounters;

export function snapshotLinks(links: Iterable<PeerLink>): Promise<LinkSnapshot[]> {
  return Promise.all(
    [...links].map(async (link) => ({
      socketId: link.remoteSocketId,
      userId: link.remoteUserId,
      state: link.pc.connectionState,
      ...readCounters(await link.getStats()),
    })),
  );
}
