// The peer mesh (docs/web.md, The mesh): one PeerLink per remote participant, created and
// routed to from signaling, and kept across a signaling reconnect. What is sent on each link
// is OutgoingMedia's job; quality and the active speaker come from StatsSampler and
// ActiveSpeaker, which the mesh only wires up.

import { ActiveSpeaker } from './active_speaker';
import { debugLog } from './debug_log';
import { Emitter } from './emitter';
import { LinkAdaptation, type LinkAdapt } from './link_adaptation';
import type { Readable } from './observable';
import { OutgoingMedia, type MeshMedia } from './outgoing_media';
import { isPolite, PeerLink, sessionOf, type SignalSink } from './peer_link';
import { RemotePeers, type RemotePeer } from './remote_peers';
import { snapshotLinks, StatsSampler, type LinkSnapshot, type StatsTarget } from './stats_sampler';
import type { PeerQuality } from './stats';

export type { MeshMedia } from './outgoing_media';
export type { RemotePeer } from './remote_peers';

/** The signaling surface the mesh uses (SignalingClient implements it). */
export interface MeshSignaling {
  readonly id: string | undefined;
  sendOffer(target: string, offer: RTCSessionDescriptionInit): void;
  sendAnswer(target: string, answer: RTCSessionDescriptionInit): void;
  sendCandidate(target: string, candidate: RTCIceCandidateInit | null): void;
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
}

/** How long the side that waits for the first offer waits before offering itself. */
const OFFER_WAIT_MS = 2500;

/**
 * Who sends a new link's first offer (docs/web.md "The mesh", glare-free start): `us` (we
 * were in the meeting first: our page is the idle one), `them` (they were, or their offer is
 * arriving), or `role` when neither is known (the impolite side).
 */
export type Opener = 'us' | 'them' | 'role';

export class PeerMesh {
  readonly events = new Emitter<MeshEvents>();
  private readonly links = new Map<string, PeerLink>();
  private readonly remote = new RemotePeers();
  private readonly outgoing: OutgoingMedia;
  private readonly sampler: StatsSampler;
  private readonly adaptation = new LinkAdaptation();
  /** The same inference of a sender's paused video for participants received via the SFU. */
  private readonly sfuReceive = new LinkAdaptation();
  private sfuAdapt: ReadonlyMap<string, LinkAdapt> = new Map();
  /** Participants received another way (the SFU), sampled beside the links. */
  private extraStats: () => Iterable<readonly [string, StatsTarget]> = () => [];
  private readonly speaker: ActiveSpeaker;
  private signalingUp = true;
  private readonly orphans = new Set<string>();
  /** Links released to the SFU (see release), each with the timer that closes it anyway. */
  private readonly releasing = new Map<string, ReturnType<typeof setTimeout>>();
  private orphanTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  private wanted: (socketId: string) => boolean = () => true;

  constructor(private readonly options: MeshOptions) {
    this.outgoing = new OutgoingMedia(options.media);
    this.sampler = new StatsSampler(() => this.statsTargets(), options.statsIntervalMs);
    this.sampler.latest.subscribe(() => {
      if (!this.closed) this.adapt();
    });
    this.speaker = new ActiveSpeaker(this.sampler.latest);
  }

  get peers(): Readable<ReadonlyArray<RemotePeer>> {
    return this.remote;
  }

  /** Each remote participant's quality from the last stats round, by socket id. */
  get quality(): Readable<ReadonlyMap<string, PeerQuality>> {
    return this.sampler.latest;
  }

  /**
   * Also samples the connections `targets` lists (the SFU's subscriptions, docs/web.md "The
   * SFU") for quality and the active speaker; a participant with a mesh link is read from it.
   */
  sampleAlso(targets: () => Iterable<readonly [string, StatsTarget]>): void {
    this.extraStats = targets;
  }

  /** Socket id of the loudest remote speaker right now, or null. */
  get activeSpeaker(): Readable<string | null> {
    return this.speaker;
  }

  get size(): number {
    return this.links.size;
  }

  link(socketId: string): PeerLink | undefined {
    return this.links.get(socketId);
  }

  /** Every link's remote socket id, whether or not it carries media yet. */
  linkIds(): string[] {
    return [...this.links.keys()];
  }

  /**
   * Which participants we want a link with (MediaPaths: none once the meeting is on the SFU).
   * A stuck link is replaced, and a participant who reappears after a reconnect is linked
   * again, only if wanted.
   */
  setWanted(wanted: (socketId: string) => boolean): void {
    this.wanted = wanted;
  }

  /** Ensures a connection to a remote participant exists and is sending our tracks. */
  connect(socketId: string, userId: string, opener: Opener = 'role'): PeerLink {
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
    link.events.on('stable', () => void this.applyLimits(link, true));
    link.events.on('stuck', () => {
      this.remove(socketId);
      if (this.wanted(socketId)) this.connect(socketId, userId);
    });
    // Glare-free start: one side offers at once, the other sends its tracks with its answer
    // (or after OFFER_WAIT_MS if no offer comes). Chromium can fail to gather ICE candidates
    // after rolling back an offer, so avoiding the initial collision matters.
    const waits = opener === 'them' || (opener === 'role' && link.polite);
    if (waits) link.waitForOffer(() => this.outgoing.send(link), OFFER_WAIT_MS);
    else void this.outgoing.send(link);
    this.publish();
    for (const other of this.links.values()) void this.applyLimits(other);
    return link;
  }

  /**
   * `socketId`'s tile moved to the SFU (docs/web.md "Releasing a mesh link, on the other
   * side's word"): the link stops receiving but keeps sending until the other side has moved
   * too (its own stopReceiving reaches us as a renegotiation), then closes; after `graceMs` it
   * closes anyway. A link that carries nothing (not connected) closes at once.
   */
  release(socketId: string, graceMs: number): void {
    const link = this.links.get(socketId);
    if (!link || this.releasing.has(socketId)) return;
    if (link.pc.connectionState !== 'connected') return this.remove(socketId);
    link.events.on('idle', () => {
      debugLog(socketId, 'released link idle: closing');
      this.remove(socketId);
    });
    const expire = () => {
      debugLog(socketId, 'released link: no word from the other side, closing');
      this.remove(socketId);
    };
    this.releasing.set(socketId, setTimeout(expire, graceMs));
    this.sampler.forget(socketId);
    this.adaptation.forget(socketId);
    link.stopReceiving();
  }

  /** Links released to the SFU and not closed yet. */
  releasedIds(): string[] {
    return [...this.releasing.keys()];
  }

  remove(socketId: string): void {
    const link = this.links.get(socketId);
    if (!link) return;
    clearTimeout(this.releasing.get(socketId));
    this.releasing.delete(socketId);
    link.close();
    this.links.delete(socketId);
    this.sampler.forget(socketId);
    this.adaptation.forget(socketId);
    this.orphans.delete(socketId);
    this.publish();
    for (const other of this.links.values()) void this.applyLimits(other);
  }

  async handleDescription(from: string, userId: string, description: RTCSessionDescriptionInit) {
    const opener = description.type === 'offer' ? 'them' : 'role';
    let link = this.live(from, userId, opener);
    // An offer from a new remote session: the other side replaced its connection, so must we.
    const session = sessionOf(description.sdp);
    if (
      description.type === 'offer' &&
      link.remoteSession &&
      session &&
      session !== link.remoteSession
    ) {
      this.remove(from);
      link = this.connect(from, userId, 'them');
    }
    await link.handleDescription(description);
  }

  async handleCandidate(from: string, userId: string, candidate: RTCIceCandidateInit | null) {
    await this.live(from, userId).handleCandidate(candidate);
  }

  /** The link a message from `from` belongs to; an orphan hearing from its old id is stale. */
  private live(from: string, userId: string, opener: Opener = 'role'): PeerLink {
    if (this.orphans.has(from)) this.remove(from);
    return this.connect(from, userId, opener);
  }

  /** The local tracks changed (toggle, device switch, screen share): send the new ones. */
  refreshTracks(): void {
    for (const link of this.links.values()) {
      if (!link.awaitingOffer) void this.outgoing.send(link);
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
   * server listed (there before us: a new link waits for their offer). Links to people who also reconnected (a server restart) are kept and
   * re-addressed; links whose remote kept its socket id are rebuilt, because that side saw us
   * leave and dropped its end. Links nobody claims close after `orphanGraceMs`.
   */
  resume(others: ReadonlyArray<{ socketId: string; userId: string }>): void {
    this.signalingUp = true;
    for (const p of others) this.adopt(p.socketId, p.userId, 'them');
    clearTimeout(this.orphanTimer);
    if (this.orphans.size > 0) {
      this.orphanTimer = setTimeout(
        () => this.expireOrphans(),
        this.options.orphanGraceMs ?? 20000,
      );
    }
  }

  /**
   * A participant (re)appeared: reuse an orphaned link of the same user or connect anew;
   * `opener` for a new link (`us` for someone who joined after us).
   */
  adopt(socketId: string, userId: string, opener: Opener = 'role'): void {
    if (this.orphans.has(socketId)) this.remove(socketId);
    if (!this.wanted(socketId)) return;
    if (!this.links.has(socketId)) {
      const mine = [...this.orphans].filter((id) => this.links.get(id)?.remoteUserId === userId);
      if (mine.length === 1) this.rename(mine[0]!, socketId);
    }
    this.connect(socketId, userId, opener).resume();
  }

  private rename(from: string, to: string): void {
    const link = this.links.get(from)!;
    this.links.delete(from);
    this.orphans.delete(from);
    this.sampler.forget(from);
    this.adaptation.forget(from);
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

  /** What the stats round samples: the links, and the SFU for whoever no link receives. */
  private *statsTargets(): Iterable<readonly [string, StatsTarget]> {
    for (const entry of this.links.entries()) if (!this.releasing.has(entry[0])) yield entry;
    for (const [socketId, target] of this.extraStats())
      if (!this.receivesOnLink(socketId)) yield [socketId, target];
  }

  /** Whether `socketId` is received on a mesh link (one not released to the SFU). */
  private receivesOnLink(socketId: string): boolean {
    return this.links.has(socketId) && !this.releasing.has(socketId);
  }

  /** Closes every connection, stops sampling, drops every listener. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sampler.close();
    this.speaker.close();
    clearTimeout(this.orphanTimer);
    for (const timer of this.releasing.values()) clearTimeout(timer);
    this.releasing.clear();
    this.events.clear();
    for (const link of this.links.values()) link.close();
    this.links.clear();
    this.remote.clear();
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

  /** A stats round: steps every link's adaptation (docs/web.md "Network adaptation"),
   * applies the encodings, and publishes quality and adaptation to the tiles. */
  private adapt(): void {
    const latest = this.sampler.latest.get();
    const content = this.options.media.isScreen() ? 'screen' : 'camera';
    // Only mesh links are ours to adapt; SFU subscriptions are sampled for their badges.
    const mesh = new Map([...latest].filter(([id]) => this.receivesOnLink(id)));
    const adapt = this.adaptation.round(mesh, content, this.links.size, (id) => {
      const link = this.links.get(id);
      return !!link && this.outgoing.sendsVideo(link);
    });
    for (const link of this.links.values()) void this.applyLimits(link);
    const sfu = new Map([...latest].filter(([id]) => !this.receivesOnLink(id)));
    this.sfuReceive.keepOnly(sfu);
    this.sfuAdapt = this.sfuReceive.round(sfu, content, this.links.size, () => false);
    this.remote.setQuality(latest, adapt);
  }

  /** Whether `socketId`, received through the SFU, paused its video for us (last round). */
  receivingPausedViaSfu(socketId: string): boolean {
    return this.sfuAdapt.get(socketId)?.receivingPaused ?? false;
  }

  private applyLimits(link: PeerLink, recheck = false): Promise<void> {
    const adapt = this.adaptation.state(link.remoteSocketId);
    return this.outgoing.applyLimits(link, this.links.size, adapt, recheck);
  }

  private publish(): void {
    if (!this.closed) this.remote.publish(this.links.values());
  }

  /** Every link's peer connection (diagnostics: what we send). */
  connections(): RTCPeerConnection[] {
    return [...this.links.values()].map((link) => link.pc);
  }

  /** Raw counters per socket id, for tests and diagnostics. */
  async snapshot(): Promise<Array<LinkSnapshot & Partial<LinkAdapt>>> {
    const adapt = new Map(this.remote.get().map((p) => [p.socketId, p.adapt]));
    const links = await snapshotLinks(this.links.values());
    return links.map((l) => ({ ...l, ...adapt.get(l.socketId) }));
  }
}
