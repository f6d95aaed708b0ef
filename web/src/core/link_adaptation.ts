// Runs the network adaptation rule (net_adapt.ts, docs/web.md "Network adaptation") for every
// mesh link: one step per stats round, and on the receiving side the "sender paused its video"
// inference. The mesh applies the resulting encodings; the tiles show `LinkAdapt`.

import {
  INITIAL,
  ceilingKbps,
  levelOf,
  netSample,
  STALL_S,
  stallRun,
  step,
  type AdaptState,
  type Content,
  type SendLevel,
} from './net_adapt';
import type { PeerCounters } from './stats';

/** What a tile shows about one link. */
export interface LinkAdapt {
  /** What we send them: full, reduced, or video paused (weak connection). */
  sending: SendLevel;
  /** Our video cap on this link, kbit/s (the mesh ceiling when not reduced). */
  capKbps: number;
  /** Their video stopped arriving while their audio still does: they paused it. */
  receivingPaused: boolean;
}

interface Entry {
  adapt: AdaptState;
  stall: number;
  previous: PeerCounters | undefined;
}

export class LinkAdaptation {
  private readonly entries = new Map<string, Entry>();

  /** The rule's state for a link (INITIAL until its first round). */
  state(socketId: string): AdaptState {
    return this.entries.get(socketId)?.adapt ?? INITIAL;
  }

  /**
   * One stats round. `sendsVideo(socketId)` says whether we send live video on that link now:
   * with the camera off the estimate only reflects audio, so the rule starts over instead.
   */
  round(
    counters: ReadonlyMap<string, PeerCounters>,
    content: Content,
    peers: number,
    sendsVideo: (socketId: string) => boolean,
  ): Map<string, LinkAdapt> {
    const out = new Map<string, LinkAdapt>();
    const ceiling = ceilingKbps(content, peers);
    for (const [socketId, c] of counters) {
      const e = this.entries.get(socketId) ?? { adapt: INITIAL, stall: 0, previous: undefined };
      e.adapt = sendsVideo(socketId) ? step(e.adapt, netSample(c), ceiling) : INITIAL;
      e.stall = stallRun(e.stall, e.previous, c);
      e.previous = c;
      this.entries.set(socketId, e);
      out.set(socketId, {
        sending: levelOf(e.adapt, content, peers),
        capKbps: Math.round(Math.min(e.adapt.capKbps, ceiling)),
        receivingPaused: e.stall >= STALL_S,
      });
    }
    return out;
  }

  /** Drops a link that closed or now answers to another socket id. */
  forget(socketId: string): void {
    this.entries.delete(socketId);
  }

  /** Drops every link but those of `keep`. */
  keepOnly(keep: ReadonlyMap<string, unknown>): void {
    for (const id of [...this.entries.keys()]) if (!keep.has(id)) this.entries.delete(id);
  }
}
