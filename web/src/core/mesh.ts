// The peer mesh: one PeerLink per remote participant, fed by signaling, sending the local
// tracks with the bandwidth rule applied, and sampling getStats for quality and speaking.

import { Emitter } from './emitter';
import { cameraLimits, scaleDownBy, screenLimits } from './bandwidth';
import { isPolite, PeerLink, sessionOf, type SignalSink } from './peer_link';
import { Store, type Readable } from './observable';
import { assessQuality, readCounters, type PeerCounters, type PeerQuality } from './stats';

/** What the UI needs to know about one remote participant's connection. */
export interface RemotePeer {
  socketId: string;
  userId: string;
  stream: MediaStream;
  connectionState: RTCPeerConnectionState;
  quality: PeerQuality | null;
}

/** The signaling surface the mesh uses (SignalingClient implements it). */
export interface MeshSignaling {
  readonly id: string | undefined;
  sendOffer(target: string, offer: RTCSessionDescriptionInit): void;
  sendAnswer(target: string, answer: RTCSessionDescriptionInit): void;
  sendCandidate(target: string, candidate: RTCIceCandidateInit | null): void;
}

/** The local media surface the mesh uses (LocalMedia implements it). */
export interface MeshMedia {
  audioTrack(): MediaStreamTrack | null;
  outgoingVideo(): MediaStreamTrack | null;
  isScreen(): boolean;
}

export interface MeshOptions {
  signaling: MeshSignaling;
  media: MeshMedia;
  iceServers: RTCIceServer[];
  createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
  statsIntervalMs?: number;
  /** How long a link whose remote has not reappeared after a reconnect is kept. */
  orphanGraceMs?: number;
}

export interface MeshEvents {
  /** A link kept across a reconnect now belongs to a new remote socket id. */
  renamed: { from: string; to: string };
  /** A link kept across a reconnect was never claimed and closed. */
  expired: string;
  [key: string]: unknown;
}

const SPEAKING_LEVEL = 0.02;
/** How long the polite side waits for the first offer before offering itself. */
const OFFER_WAIT_MS = 2500;

export class PeerMesh {
  readonly events = new Emitter<MeshEvents>();
  private readonly links = new Map<string, PeerLink>();
  private readonly peersStore = new Store<ReadonlyArray<RemotePeer>>([]);
  private readonly speakerStore = new Store<string | null>(null);
  private readonly counters = new Map<string, PeerCounters>();
  private readonly outgoing = new MediaStream();
  private signalingUp = true;
  private readonly orphans = new Set<string>();
  private orphanTimer: ReturnType<typeof setTimeout> | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(private readonly options: MeshOptions) {
    this.statsTimer = setInterval(() => void this.sampleStats(), options.statsIntervalMs ?? 1000);
  }

  get peers(): Readable<ReadonlyArray<RemotePeer>> {
    return this.peersStore;
  }

  /** Socket id of the loudest remote speaker right now, or null. */
  get activeSpeaker(): Readable<string | null> {
    return this.speakerStore;
  }

  get size(): number {
    return this.links.size;
  }

  link(socketId: string): PeerLink | undefined {
    return this.links.get(socketId);
  }

  /** Ensures a connection to a remote participant exists and is sending our tracks. */
  connect(socketId: string, userId: string): PeerLink {
    const existing = this.links.get(socketId);
    if (existing) return existing;
    const self = this.options.signaling.id ?? '';
    const link: PeerLink = new PeerLink({
      remoteSocketId: socketId,
      remoteUserId: userId,
      polite: isPolite(self, socketId),
      configuration: { iceServers: this.options.iceServers },
      sink: this.sinkFor((): string => link.remoteSocketId),
      createPeerConnection: this.options.createPeerConnection,
    });
    this.links.set(socketId, link);
    link.events.on('stream', () => this.publish());
    link.events.on('state', () => this.publish());
    link.events.on('stable', () => void this.applyLimits(link));
    link.events.on('stuck', () => {
      this.remove(socketId);
      this.connect(socketId, userId);
    });
    // Glare-free start: the impolite side offers at once; the polite side sends its tracks
    // with its answer (or after OFFER_WAIT_MS if no offer comes). Chromium can fail to gather
    // ICE candidates after rolling back an offer, so avoiding the initial collision matters.
    if (link.polite) link.waitForOffer(() => this.sendTracks(link), OFFER_WAIT_MS);
    else void this.sendTracks(link);
    this.publish();
    for (const other of this.links.values()) void this.applyLimits(other);
    return link;
  }

  remove(socketId: string): void {
    const link = this.links.get(socketId);
    if (!link) return;
    link.close();
    this.links.delete(socketId);
    this.counters.delete(socketId);
    this.orphans.delete(socketId);
    this.publish();
    for (const other of this.links.values()) void this.applyLimits(other);
  }

  async handleDescription(from: string, userId: string, description: RTCSessionDescriptionInit) {
    let link = this.live(from, userId);
    // An offer from a new remote session: the other side replaced its connection, so must we.
    const session = sessionOf(description.sdp);
    if (
      description.type === 'offer' &&
      link.remoteSession &&
      session &&
      session !== link.remoteSession
    ) {
      this.remove(from);
      link = this.connect(from, userId);
    }
    await link.handleDescription(description);
  }

  async handleCandidate(from: string, userId: string, candidate: RTCIceCandidateInit | null) {
    await this.live(from, userId).handleCandidate(candidate);
  }

  /** The link a message from `from` belongs to; an orphan hearing from its old id is stale. */
  private live(from: string, userId: string): PeerLink {
    if (this.orphans.has(from)) this.remove(from);
    return this.connect(from, userId);
  }

  /** The local tracks changed (toggle, device switch, screen share): send the new ones. */
  refreshTracks(): void {
    for (const link of this.links.values()) {
      if (!link.awaitingOffer) void this.sendTracks(link);
      void this.applyLimits(link);
    }
  }

  /** Signaling dropped: connections stay up (media keeps flowing) but can't negotiate. */
  suspend(): void {
    this.signalingUp = false;
    for (const id of this.links.keys()) this.orphans.add(id);
  }

  /**
   * Signaling is back and we rejoined under a new socket id; `others` are the participants the
   * server listed. Links to people who also reconnected (a server restart) are kept and
   * re-addressed; links whose remote kept its socket id are rebuilt, because that side saw us
   * leave and dropped its end. Links nobody claims close after `orphanGraceMs`.
   */
  resume(others: ReadonlyArray<{ socketId: string; userId: string }>): void {
    this.signalingUp = true;
    for (const p of others) this.adopt(p.socketId, p.userId);
    clearTimeout(this.orphanTimer);
    if (this.orphans.size > 0) {
      this.orphanTimer = setTimeout(
        () => this.expireOrphans(),
        this.options.orphanGraceMs ?? 20000,
      );
    }
  }

  /** A participant (re)appeared: reuse an orphaned link of the same user or connect anew. */
  adopt(socketId: string, userId: string): void {
    if (this.orphans.has(socketId)) this.remove(socketId);
    if (!this.links.has(socketId)) {
      const mine = [...this.orphans].filter((id) => this.links.get(id)?.remoteUserId === userId);
      if (mine.length === 1) this.rename(mine[0]!, socketId);
    }
    this.connect(socketId, userId).resume();
  }

  private rename(from: string, to: string): void {
    const link = this.links.get(from)!;
    this.links.delete(from);
    this.orphans.delete(from);
    this.counters.delete(from);
    link.retarget(to, isPolite(this.options.signaling.id ?? '', to));
    this.links.set(to, link);
    this.events.emit('renamed', { from, to });
    this.publish();
  }

  private expireOrphans(): void {
    for (const id of [...this.orphans]) {
      this.remove(id);
      this.events.emit('expired', id);
    }
  }

  /** Closes every connection, stops sampling, drops every listener. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.statsTimer);
    clearTimeout(this.orphanTimer);
    this.events.clear();
    for (const link of this.links.values()) link.close();
    this.links.clear();
    this.counters.clear();
    this.peersStore.set([]);
  }

  private sinkFor(target: () => string): SignalSink {
    const signaling = this.options.signaling;
    return {
      canSignal: () => this.signalingUp && !this.closed,
      description: (d) =>
        d.type === 'offer' ? signaling.sendOffer(target(), d) : signaling.sendAnswer(target(), d),
      candidate: (c) => signaling.sendCandidate(target(), c),
    };
  }

  private sendTracks(link: PeerLink): Promise<unknown> {
    const audio = this.options.media.audioTrack();
    const video = this.options.media.outgoingVideo();
    syncStream(this.outgoing, [audio, video]);
    return Promise.all([
      link.setTrack('audio', audio, this.outgoing),
      link.setTrack('video', video, this.outgoing),
    ]);
  }

  /** Applies the bandwidth rule for the current mesh size to one link's video sender. */
  private async applyLimits(link: PeerLink): Promise<void> {
    const sender = link.pc.getSenders().find((s) => s.track?.kind === 'video');
    if (!sender || link.pc.signalingState === 'closed') return;
    const screen = this.options.media.isScreen();
    const limits = screen ? screenLimits(this.links.size) : cameraLimits(this.links.size);
    const params = sender.getParameters();
    const encoding = params.encodings?.[0];
    if (!encoding) return; // not negotiated yet: retried on the next 'stable'
    encoding.maxBitrate = limits.maxBitrate;
    encoding.maxFramerate = limits.maxFramerate;
    encoding.scaleResolutionDownBy = scaleDownBy(sender.track?.getSettings().height ?? 0, limits);
    try {
      await sender.setParameters(params);
    } catch (error) {
      console.warn('parley: could not apply video limits', error);
    }
  }

  private publish(): void {
    if (this.closed) return;
    const previous = new Map(this.peersStore.get().map((p) => [p.socketId, p]));
    this.peersStore.set(
      [...this.links.values()].map((link) => ({
        socketId: link.remoteSocketId,
        userId: link.remoteUserId,
        stream: link.remoteStream,
        connectionState: link.pc.connectionState,
        quality: previous.get(link.remoteSocketId)?.quality ?? null,
      })),
    );
  }

  private async sampleStats(): Promise<void> {
    const samples = await Promise.all(
      [...this.links.entries()].map(async ([socketId, link]) => {
        try {
          return [socketId, readCounters(await link.getStats())] as const;
        } catch {
          return null;
        }
      }),
    );
    if (this.closed) return;
    const quality = new Map<string, PeerQuality>();
    let loudest: { id: string; level: number } | null = null;
    for (const sample of samples) {
      if (!sample) continue;
      const [socketId, counters] = sample;
      quality.set(socketId, assessQuality(this.counters.get(socketId), counters));
      this.counters.set(socketId, counters);
      if (
        counters.audioLevel > SPEAKING_LEVEL &&
        (!loudest || counters.audioLevel > loudest.level)
      ) {
        loudest = { id: socketId, level: counters.audioLevel };
      }
    }
    this.peersStore.set(
      this.peersStore.get().map((p) => ({ ...p, quality: quality.get(p.socketId) ?? p.quality })),
    );
    this.speakerStore.set(loudest?.id ?? null);
  }

  /** The current getStats report of the link to `socketId`, or null when there is none. */
  async statsOf(socketId: string): Promise<RTCStatsReport | null> {
    const link = this.links.get(socketId);
    return link ? link.getStats().catch(() => null) : null;
  }

  /** Raw counters per socket id, for tests and diagnostics. */
  async snapshot(): Promise<
    Array<{ socketId: string; userId: string; state: string } & PeerCounters>
  > {
    return Promise.all(
      [...this.links.values()].map(async (link) => ({
        socketId: link.remoteSocketId,
        userId: link.remoteUserId,
        state: link.pc.connectionState,
        ...readCounters(await link.getStats()),
      })),
    );
  }
}

function syncStream(stream: MediaStream, tracks: Array<MediaStreamTrack | null>): void {
  const wanted = tracks.filter((t): t is MediaStreamTrack => t !== null);
  for (const t of stream.getTracks()) if (!wanted.includes(t)) stream.removeTrack(t);
  for (const t of wanted) if (!stream.getTracks().includes(t)) stream.addTrack(t);
}
