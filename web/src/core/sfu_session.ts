// Media through the SFU (docs/web.md "The SFU"): our publishers (camera, and a screen share as
// its own feed), one subscriber per remote feed, and per remote participant the stream their
// tile plays (the camera feed's audio with the screen's video while they share, else the
// camera's). Lost connections are set up again while the session lives.

import { Store, type Readable } from './observable';
import type { FeedKind, SfuFeed, SfuSignaling } from './sfu_events';
import { SfuFeeds } from './sfu_feeds';
import type { WireCandidate } from './sfu_connection';
import { SfuPublisher } from './sfu_publisher';
import { SfuSubscriber } from './sfu_subscriber';
import type { Substream } from './sfu_layer';
import { SfuUplink, type UplinkState } from './sfu_uplink';

/** The local media surface the SFU uses (LocalMedia implements it). */
export interface SfuMedia {
  audioTrack(): MediaStreamTrack | null;
  cameraTrack(): MediaStreamTrack | null;
  screenTrack(): MediaStreamTrack | null;
}

export interface SfuSessionOptions {
  signaling: SfuSignaling;
  media: SfuMedia;
  iceServers: RTCIceServer[];
  selfId: () => string | null;
  createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
  /** Delay before a lost connection is set up again. */
  retryMs?: number;
  /** How long a connection may take to connect once negotiated (SfuConnectionOptions). */
  connectTimeoutMs?: number;
  /** The simulcast layer a new camera subscription asks for before its first frame. */
  firstLayer?: (socketId: string) => Substream;
  /** How long a layer nobody watches any more is still sent (SfuPublisher, 3 s). */
  layerOffDelayMs?: number;
}

/** One remote participant as received through the SFU. */
export interface SfuPeer {
  socketId: string;
  userId: string;
  stream: MediaStream;
  connectionState: RTCPeerConnectionState;
}

export class SfuSession {
  private readonly feeds: SfuFeeds;
  private readonly publishers = new Map<FeedKind, SfuPublisher>();
  private readonly subscribers = new Map<string, SfuSubscriber>();
  private readonly peersStore = new Store<ReadonlyMap<string, SfuPeer>>(new Map());
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly uplinkRule: SfuUplink;
  private closed = false;

  constructor(private readonly options: SfuSessionOptions) {
    this.feeds = new SfuFeeds(options.selfId);
    this.uplinkRule = new SfuUplink(() => this.publishers.get('camera'));
  }

  /** What network adaptation lets our camera feed send (docs/web.md "Network adaptation"). */
  get uplink(): Readable<UplinkState> {
    return this.uplinkRule.state;
  }

  /** Remote participants received through the SFU, by socket id. */
  get peers(): Readable<ReadonlyMap<string, SfuPeer>> {
    return this.peersStore;
  }

  /** Publishes what we send: the camera feed, and the screen while sharing. */
  start(): void {
    this.refreshTracks();
    this.uplinkRule.start();
  }

  /** The local tracks changed: send the new ones, start or stop the screen feed. */
  refreshTracks(): void {
    if (this.closed) return;
    const { media } = this.options;
    const camera = this.publishers.get('camera');
    if (camera) void camera.setTracks(media.audioTrack(), media.cameraTrack());
    else this.publish('camera');
    const screen = this.publishers.get('screen');
    const screenTrack = media.screenTrack();
    if (screenTrack && !screen) this.publish('screen');
    else if (screen && !screenTrack) {
      this.publishers.delete('screen');
      screen.unpublish();
    } else if (screen && screenTrack) void screen.setTracks(null, screenTrack);
  }

  /** A remote feed was listed: subscribe to it. */
  addFeed(feed: SfuFeed): void {
    if (this.closed || !this.feeds.add(feed)) return;
    for (const [id, sub] of this.subscribers) {
      if (sub.feed.socketId === feed.socketId && sub.feed.kind === feed.kind) this.unsubscribe(id);
    }
    this.subscribe(feed);
  }

  removeFeed(feedId: string): void {
    this.feeds.remove(feedId);
    this.unsubscribe(feedId);
  }

  /** Stops receiving `socketId` through the SFU (its tile moved to the mesh, or it left). */
  dropSocket(socketId: string): void {
    for (const f of this.feeds.dropSocket(socketId)) this.unsubscribe(f.feed);
  }

  /** A candidate the SFU trickled for one of our connections. */
  candidate(pc: string, candidate: WireCandidate): void {
    void this.connection(pc)?.addRemoteCandidate(candidate);
  }

  /** The SFU dropped one of our connections (`sfu-closed`): set it up again. */
  closedByServer(pc: string): void {
    for (const [kind, p] of this.publishers) if (p.id === pc) this.republish(kind, p);
    for (const [id, s] of this.subscribers) if (s.id === pc) this.resubscribe(id, s);
  }

  /** The top layer anyone watches of our feed `pc` (`sfu-watched`): send no layer above it. */
  watched(pc: string, substream: number): void {
    for (const p of this.publishers.values()) if (p.id === pc) void p.setWatched(substream);
  }

  /** The subscribers receiving `socketId` (for stats). */
  subscribersOf(socketId: string): SfuSubscriber[] {
    return [...this.subscribers.values()].filter((s) => s.feed.socketId === socketId);
  }

  allSubscribers(): SfuSubscriber[] {
    return [...this.subscribers.values()];
  }

  /** What we send: the camera feed, and the screen's while sharing (for stats). */
  allPublishers(): SfuPublisher[] {
    return [...this.publishers.values()];
  }

  /** Unpublishes, unsubscribes and closes everything. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.uplinkRule.stop();
    for (const t of this.timers) clearTimeout(t);
    for (const p of this.publishers.values()) p.unpublish();
    for (const s of this.subscribers.values()) s.unsubscribe();
    this.publishers.clear();
    this.subscribers.clear();
    this.feeds.clear();
    this.peersStore.set(new Map());
  }

  private connectionOptions() {
    const { signaling, iceServers, createPeerConnection, connectTimeoutMs } = this.options;
    return { signaling, configuration: { iceServers }, createPeerConnection, connectTimeoutMs };
  }

  private connection(pc: string): SfuPublisher | SfuSubscriber | undefined {
    return [...this.publishers.values(), ...this.subscribers.values()].find((c) => c.id === pc);
  }

  private publish(kind: FeedKind): void {
    const publisher = new SfuPublisher(
      kind,
      this.connectionOptions(),
      this.options.layerOffDelayMs,
    );
    this.publishers.set(kind, publisher);
    publisher.events.on('lost', () => this.republish(kind, publisher));
    const { media } = this.options;
    const video = kind === 'camera' ? media.cameraTrack() : media.screenTrack();
    publisher.start(kind === 'camera' ? media.audioTrack() : null, video).catch((error) => {
      if (publisher.isClosed) return;
      console.warn(`parley: SFU publish (${kind}) failed`, error);
      this.republish(kind, publisher);
    });
  }

  private republish(kind: FeedKind, old: SfuPublisher): void {
    if (this.publishers.get(kind) !== old) return;
    old.unpublish();
    this.publishers.delete(kind);
    this.later(() => this.refreshTracks());
  }

  private subscribe(feed: SfuFeed): void {
    const sub = new SfuSubscriber(feed, this.connectionOptions());
    this.subscribers.set(feed.feed, sub);
    sub.onTrack = () => this.publishPeers();
    sub.events.on('state', () => this.publishPeers());
    sub.events.on('lost', () => this.resubscribe(feed.feed, sub));
    // The first layer is asked with the subscription; a change later waits for a keyframe.
    const first = this.options.firstLayer;
    sub.start(first && feed.kind === 'camera' ? first(feed.socketId) : undefined).catch((error) => {
      if (sub.isClosed) return;
      console.warn('parley: SFU subscribe failed', error);
      this.resubscribe(feed.feed, sub);
    });
    this.publishPeers();
  }

  private resubscribe(feedId: string, old: SfuSubscriber): void {
    if (this.subscribers.get(feedId) !== old) return;
    this.unsubscribe(feedId);
    this.later(() => {
      const feed = this.feeds.get(feedId);
      if (feed && !this.subscribers.has(feedId)) this.subscribe(feed);
    });
  }

  private unsubscribe(feedId: string): void {
    const sub = this.subscribers.get(feedId);
    if (!sub) return;
    this.subscribers.delete(feedId);
    sub.unsubscribe();
    this.publishPeers();
  }

  private later(run: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) run();
    }, this.options.retryMs ?? 1000);
    this.timers.add(timer);
  }

  /** Republishes the per-participant streams, reusing a stream whose tracks did not change. */
  private publishPeers(): void {
    if (this.closed) return;
    const previous = this.peersStore.get();
    const next = new Map<string, SfuPeer>();
    const bySocket = new Map<string, SfuSubscriber[]>();
    for (const s of this.subscribers.values()) {
      bySocket.set(s.feed.socketId, [...(bySocket.get(s.feed.socketId) ?? []), s]);
    }
    for (const [socketId, subs] of bySocket) {
      const camera = subs.find((s) => s.feed.kind === 'camera');
      const screen = subs.find((s) => s.feed.kind === 'screen');
      const audio = camera?.stream.getAudioTracks()[0];
      const video = screen?.stream.getVideoTracks()[0] ?? camera?.stream.getVideoTracks()[0];
      const tracks = [audio, video].filter((t): t is MediaStreamTrack => t !== undefined);
      const old = previous.get(socketId);
      const same =
        old &&
        old.stream.getTracks().length === tracks.length &&
        tracks.every((t) => old.stream.getTracks().includes(t));
      next.set(socketId, {
        socketId,
        userId: (camera ?? screen ?? subs[0]!).feed.userId,
        stream: same ? old.stream : new MediaStream(tracks),
        connectionState: (camera ?? subs[0]!).pc.connectionState,
      });
    }
    this.peersStore.set(next);
  }
}
