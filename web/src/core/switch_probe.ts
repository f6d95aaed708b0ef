// Watches a mesh⇄SFU switch in progress (docs/web.md "The SFU", make-before-break): every
// `probeMs` it reads the new path's counters for each participant still waiting, moves those
// the new path carries steadily, and says when everyone present has moved.

import type { PathSwitch } from './path_switch';
import { carries, pathCounters } from './remote_media';
import type { Topology } from './sfu_events';
import type { Participant } from './types';

/** A connection of the new path (a mesh link or an SFU subscription). */
export type StatsSource = { getStats(): Promise<RTCStatsReport> };

export interface SwitchProbeOptions {
  pathSwitch: PathSwitch;
  /** The remote participants in the roster. */
  others: () => ReadonlyArray<Participant>;
  /** The new path's connections that carry `socketId` (none yet: an empty list). */
  sourcesOf: (socketId: string, target: Topology) => ReadonlyArray<StatsSource>;
  /** `socketId`'s tile now plays the new path: close its old one. */
  moved: (socketId: string, target: Topology) => void;
  /** Everyone present has moved (the probe has stopped). */
  done: (target: Topology) => void;
  /** How often (docs: sampled every 100 ms). */
  probeMs: number;
}

export class SwitchProbe {
  private timer: ReturnType<typeof setInterval> | undefined;
  private probing = false;
  /** The counters each pending tile's new path had at the previous probe. */
  private readonly last = new Map<string, { frames: number; audio: number }>();

  constructor(private readonly options: SwitchProbeOptions) {}

  /** Starts probing the switch the PathSwitch has begun (a running probe starts over). */
  start(): void {
    this.stop();
    this.last.clear();
    this.timer = setInterval(() => void this.step(), this.options.probeMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One probe: moves whoever the new path carries. */
  private async step(): Promise<void> {
    if (this.probing || this.timer === undefined) return;
    this.probing = true;
    try {
      const { pathSwitch, others: roster, sourcesOf } = this.options;
      const others = roster();
      const target = pathSwitch.target;
      const carrying = new Set<string>();
      await Promise.all(
        pathSwitch.pending().map(async (id) => {
          const p = others.find((o) => o.socketId === id);
          const now = await pathCounters(sourcesOf(id, target));
          const key = `${target}:${id}`;
          if (carries(now, this.last.get(key), p ? p.video || p.screen : true)) carrying.add(id);
          this.last.set(key, now);
        }),
      );
      if (this.timer === undefined || target !== pathSwitch.target) return;
      const present = others.map((o) => o.socketId);
      const { moved, done } = pathSwitch.step(present, (id) => carrying.has(id), Date.now());
      for (const id of moved) this.options.moved(id, target);
      if (done) {
        this.stop();
        this.options.done(target);
      }
    } finally {
      this.probing = false;
    }
  }
}
