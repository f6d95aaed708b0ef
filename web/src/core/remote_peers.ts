// What the UI sees of the mesh: one RemotePeer per link (stream, connection state, quality),
// republished whenever a link changes or a stats round brings new quality figures.

import type { LinkAdapt } from './link_adaptation';
import { Store, type Readable } from './observable';
import type { PeerLink } from './peer_link';
import type { PeerQuality } from './stats';

/** What the UI needs to know about one remote participant's connection. */
export interface RemotePeer {
  socketId: string;
  userId: string;
  stream: MediaStream;
  connectionState: RTCPeerConnectionState;
  quality: PeerQuality | null;
  /** Network adaptation on this link (mesh only; docs/web.md "Network adaptation"). */
  adapt?: LinkAdapt;
}

export class RemotePeers implements Readable<ReadonlyArray<RemotePeer>> {
  private readonly store = new Store<ReadonlyArray<RemotePeer>>([]);

  get = (): ReadonlyArray<RemotePeer> => this.store.get();
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  /** Lists `links` anew, keeping each one's last known quality. */
  publish(links: Iterable<PeerLink>): void {
    const previous = new Map(this.store.get().map((p) => [p.socketId, p]));
    this.store.set(
      [...links].map((link) => ({
        socketId: link.remoteSocketId,
        userId: link.remoteUserId,
        stream: link.remoteStream,
        connectionState: link.pc.connectionState,
        quality: previous.get(link.remoteSocketId)?.quality ?? null,
        adapt: previous.get(link.remoteSocketId)?.adapt,
      })),
    );
  }

  /** Applies a stats round; peers missing from it keep their previous figures. */
  setQuality(
    quality: ReadonlyMap<string, PeerQuality>,
    adapt: ReadonlyMap<string, LinkAdapt> = new Map(),
  ): void {
    this.store.set(
      this.store.get().map((p) => ({
        ...p,
        quality: quality.get(p.socketId) ?? p.quality,
        adapt: adapt.get(p.socketId) ?? p.adapt,
      })),
    );
  }

  clear(): void {
    this.store.set([]);
  }
}
