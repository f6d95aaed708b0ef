// Which remote participants this browser cannot reach (docs/web.md "When a call cannot
// connect"). A peer counts as unreachable once its connection has failed, or has stayed
// unconnected for `giveUpMs`, since it was first seen or last connected; the PeerLink keeps
// retrying (ICE restarts, a fresh connection) meanwhile, and the first 'connected' clears it.
// Tracked per user id, so a replaced connection to the same person keeps its history.

export interface PeerConnectionView {
  userId: string;
  connectionState: RTCPeerConnectionState;
}

/** ICE gets this long (checks, one restart, a fresh connection) before we tell the person. */
export const defaultGiveUpMs = 20000;

export class ReachabilityWatch {
  private readonly since = new Map<string, number>();
  private readonly failed = new Set<string>();

  constructor(private readonly giveUpMs = defaultGiveUpMs) {}

  /** Feeds the current connections (several per user are possible: any connected one wins). */
  update(peers: ReadonlyArray<PeerConnectionView>, now: number): void {
    const connected = new Set<string>();
    const present = new Set<string>();
    for (const p of peers) {
      present.add(p.userId);
      if (p.connectionState === 'connected') connected.add(p.userId);
    }
    for (const userId of present) {
      if (connected.has(userId)) {
        this.since.delete(userId);
        this.failed.delete(userId);
        continue;
      }
      if (!this.since.has(userId)) this.since.set(userId, now);
      if (peers.some((p) => p.userId === userId && p.connectionState === 'failed'))
        this.failed.add(userId);
    }
    for (const userId of [...this.since.keys()])
      if (!present.has(userId)) {
        this.since.delete(userId);
        this.failed.delete(userId);
      }
  }

  /** User ids unreachable at `now`, in the order they were first seen. */
  unreachable(now: number): string[] {
    return [...this.since.entries()]
      .filter(([userId, t]) => this.failed.has(userId) || now - t >= this.giveUpMs)
      .map(([userId]) => userId);
  }
}
