// The feeds a client knows of in SFU mode (docs/signaling.md "Large meetings: the SFU"): every
// remote feed listed by `sfu-feeds`/`sfu-feed` until `sfu-feed-removed`, never our own.

import type { FeedKind, SfuFeed } from './sfu_events';

export class SfuFeeds {
  private readonly feeds = new Map<string, SfuFeed>();

  constructor(private readonly selfSocketId: () => string | null) {}

  /** Records `feed`; false for our own feed, a malformed one, or one already known. */
  add(feed: SfuFeed): boolean {
    if (!feed || typeof feed.feed !== 'string' || typeof feed.socketId !== 'string') return false;
    if (feed.socketId === this.selfSocketId() || this.feeds.has(feed.feed)) return false;
    // A socket publishes each kind once: a new feed of the same kind replaces the old one.
    for (const old of this.feeds.values()) {
      if (old.socketId === feed.socketId && old.kind === feed.kind) this.feeds.delete(old.feed);
    }
    this.feeds.set(feed.feed, feed);
    return true;
  }

  /** Forgets a feed; returns it if it was known. */
  remove(feedId: string): SfuFeed | undefined {
    const feed = this.feeds.get(feedId);
    this.feeds.delete(feedId);
    return feed;
  }

  get(feedId: string): SfuFeed | undefined {
    return this.feeds.get(feedId);
  }

  of(socketId: string, kind?: FeedKind): SfuFeed[] {
    return [...this.feeds.values()].filter(
      (f) => f.socketId === socketId && (kind === undefined || f.kind === kind),
    );
  }

  all(): SfuFeed[] {
    return [...this.feeds.values()];
  }

  /** Forgets every feed of `socketId` (they left); returns what was forgotten. */
  dropSocket(socketId: string): SfuFeed[] {
    const gone = this.of(socketId);
    for (const f of gone) this.feeds.delete(f.feed);
    return gone;
  }

  clear(): void {
    this.feeds.clear();
  }
}
