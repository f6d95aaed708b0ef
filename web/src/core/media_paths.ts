// The meeting's media path and the switch between the mesh and the SFU (docs/web.md "The SFU",
// docs/signaling.md "Large meetings: the SFU"): follows `topology`, runs the SFU session,
// moves each remote participant's tile make-before-break, and closes the old path after.

import { Emitter } from './emitter';
import type { PeerMesh, RemotePeer } from './mesh';
import { Store, type Readable } from './observable';
import { PathSwitch, SWITCH_FALLBACK_MS } from './path_switch';
import { mergePeers } from './remote_media';
import type { SfuFeed, SfuServerEvents, SfuSignaling, Topology, TopologyEvent } from './sfu_events';
import { chooseLayer } from './sfu_layer';
import { SfuLayers } from './sfu_layers';
import { SfuSession, type SfuMedia } from './sfu_session';
import { SwitchProbe } from './switch_probe';
import type { Participant } from './types';

export interface MediaPathsOptions {
  mesh: PeerMesh;
  signaling: SfuSignaling & { readonly id: string | undefined };
  media: SfuMedia;
  iceServers: RTCIceServer[];
  /** The remote participants in the roster. */
  others: () => ReadonlyArray<Participant>;
  createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
  /** How often a switch in progress checks the new path (docs: sampled every 100 ms). */
  probeMs?: number;
  /** How long after the mesh carries everyone our SFU feeds stay up for the others. */
  unpublishDelayMs?: number;
  /** How long a switch waits for the new path (path_switch.ts, 5 s). */
  fallbackMs?: number;
  /**
   * Going up, how long a link whose tile moved keeps sending while the other side's tile of
   * us has not moved (PeerMesh.release). Default: the fallback plus 2 s, by when the other
   * side has moved (its own fallback) and said so.
   */
  releaseMs?: number;
}

type SfuHandlers = { [K in keyof SfuServerEvents]: (payload: SfuServerEvents[K]) => void };

export class MediaPaths {
  readonly events = new Emitter<{ switched: Topology }>();
  private readonly modeStore = new Store<Topology>('mesh');
  private readonly noticeStore = new Store<string | null>(null);
  private readonly peersStore = new Store<ReadonlyArray<RemotePeer>>([]);
  private readonly pathSwitch: PathSwitch;
  private session: SfuSession | null = null;
  private sessionSocket: string | undefined;
  private layers: SfuLayers | null = null;
  private readonly tileHeights = new Map<string, number>();
  private readonly probe: SwitchProbe;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly detach: Array<() => void> = [];
  private closed = false;

  constructor(private readonly options: MediaPathsOptions) {
    this.pathSwitch = new PathSwitch('mesh', options.fallbackMs);
    this.probe = new SwitchProbe({
      pathSwitch: this.pathSwitch,
      others: options.others,
      sourcesOf: (id, target) => {
        if (target === 'sfu') return this.session?.subscribersOf(id) ?? [];
        const link = options.mesh.link(id);
        return link ? [link] : [];
      },
      moved: (id, target) => {
        this.closeOld(id, target);
        this.publish();
      },
      done: (target) => this.finish(target),
      probeMs: options.probeMs ?? 100,
    });
    this.detach.push(options.mesh.peers.subscribe(() => this.publish()));
    this.detach.push(options.mesh.quality.subscribe(() => this.publish()));
    options.mesh.setWanted((id) => this.acceptsMesh(id));
  }

  /** The meeting's topology as the server last said (`room`'s data-topology). */
  get mode(): Readable<Topology> {
    return this.modeStore;
  }

  /** A plain sentence to show (the SFU went away), or null. */
  get notice(): Readable<string | null> {
    return this.noticeStore;
  }

  dismissNotice(): void {
    this.noticeStore.set(null);
  }

  /** One entry per remote participant, from the path its tile shows. */
  get peers(): Readable<ReadonlyArray<RemotePeer>> {
    return this.peersStore;
  }

  /** The SFU session while there is one (stats, diagnostics). */
  get sfu(): SfuSession | null {
    return this.session;
  }

  /** The path `socketId`'s tile plays. */
  shown(socketId: string): Topology {
    return this.pathSwitch.shown(socketId);
  }

  /** The SFU event handlers for call_routing's table. */
  handlers(): SfuHandlers {
    return {
      topology: (e) => this.onTopology(e),
      'sfu-feeds': (list) => {
        if (Array.isArray(list)) for (const f of list) this.addFeed(f);
      },
      'sfu-feed': (f) => this.addFeed(f),
      'sfu-feed-removed': (e) => this.session?.removeFeed(e.feed),
      'sfu-candidate': (e) => this.session?.candidate(e.pc, e.candidate),
      'sfu-closed': (e) => this.session?.closedByServer(e.pc),
      'sfu-watched': (e) => this.session?.watched(e.pc, e.substream),
    };
  }

  /** Our join (or rejoin) was acked with `mode`; `others` are the participants it listed. */
  joined(mode: Topology, others: ReadonlyArray<{ socketId: string; userId: string }>): void {
    // SFU connections belong to the socket that made them: a rejoin starts them again.
    if (this.session && this.sessionSocket !== this.options.signaling.id) this.dropSession();
    this.onTopology({ mode });
    if (mode === 'mesh') this.options.mesh.resume(others);
    else this.options.mesh.resume([]);
  }

  /** Whether a new participant gets a mesh link (only while the target is the mesh). */
  wantsMesh(): boolean {
    return this.pathSwitch.target === 'mesh';
  }

  /** Whether a mesh offer/answer/candidate from `socketId` is for a link we still want. */
  acceptsMesh(socketId: string): boolean {
    if (this.pathSwitch.target === 'mesh') return true;
    // Going up, only the links still open (playing until their tile moves, or released and
    // waiting for the other side's word): an offer or candidate from anyone else (a late
    // message, a newcomer's mesh start) would open a link nobody answers, left behind
    // unconnected once the switch is over.
    return this.options.mesh.link(socketId) !== undefined;
  }

  /** A participant left: nothing of theirs is received through the SFU any more. */
  left(socketId: string): void {
    this.session?.dropSocket(socketId);
    this.tileHeights.delete(socketId);
  }

  /** The local tracks changed: both paths send the new ones. */
  refreshTracks(): void {
    this.options.mesh.refreshTracks();
    this.session?.refreshTracks();
  }

  /** The UI reports each remote tile's height in device pixels (simulcast layer choice). */
  setTileHeight(socketId: string, height: number): void {
    this.tileHeights.set(socketId, height);
  }

  private onTopology(e: TopologyEvent): void {
    if (this.closed || (e.mode !== 'mesh' && e.mode !== 'sfu')) return;
    this.modeStore.set(e.mode);
    if (e.reason === 'sfu_unavailable')
      this.noticeStore.set(e.message || 'The media server is unavailable.');
    else if (e.mode === 'sfu') this.noticeStore.set(null);
    if (e.mode === this.pathSwitch.target) {
      if (e.mode === 'sfu') this.ensureSession();
      return;
    }
    this.pathSwitch.begin(e.mode, Date.now());
    if (e.mode === 'sfu') {
      clearTimeout(this.closeTimer);
      this.ensureSession();
    } else {
      // Everyone gets a mesh link again (a released one is replaced: it receives nothing); the
      // SFU stays until the links carry media.
      for (const id of this.options.mesh.releasedIds()) this.options.mesh.remove(id);
      for (const p of this.options.others()) this.options.mesh.connect(p.socketId, p.userId);
    }
    this.probe.start();
    this.publish();
  }

  /** A remote feed is received only while the target is the SFU (going down, none is new). */
  private addFeed(feed: SfuFeed): void {
    if (this.pathSwitch.target === 'sfu') this.ensureSession()?.addFeed(feed);
  }

  private ensureSession(): SfuSession | null {
    if (this.closed) return null;
    if (!this.session) {
      const { signaling, media, iceServers, createPeerConnection } = this.options;
      const session = new SfuSession({
        signaling,
        media,
        iceServers,
        createPeerConnection,
        selfId: () => signaling.id ?? null,
        firstLayer: (id) =>
          chooseLayer({
            tileHeight: this.tileHeights.get(id) ?? 0,
            loss: 0,
            downlinkKbps: null,
            streams: 1,
          }),
      });
      this.session = session;
      this.sessionSocket = signaling.id;
      this.layers = new SfuLayers(
        () => session.allSubscribers(),
        (id) => this.tileHeights.get(id) ?? 0,
      );
      this.detach.push(session.peers.subscribe(() => this.publish()));
      this.detach.push(session.uplink.subscribe(() => this.publish()));
      // Quality badges and the active speaker read the camera subscriptions too.
      this.options.mesh.sampleAlso(() =>
        session
          .allSubscribers()
          .filter((s) => s.feed.kind === 'camera')
          .map((s) => [s.feed.socketId, s] as const),
      );
      session.start();
    }
    return this.session;
  }

  private dropSession(): void {
    clearTimeout(this.closeTimer);
    this.layers?.close();
    this.layers = null;
    this.session?.close();
    this.session = null;
    this.options.mesh.sampleAlso(() => []);
    this.publish();
  }

  private closeOld(socketId: string, target: Topology): void {
    if (target === 'sfu') {
      // Closed once the other side's tile of us has moved too (its word), not before: closing
      // now would freeze that tile until its SFU subscription decodes.
      const { fallbackMs, releaseMs } = this.options;
      this.options.mesh.release(socketId, releaseMs ?? (fallbackMs ?? SWITCH_FALLBACK_MS) + 2000);
    } else {
      this.session?.dropSocket(socketId);
    }
  }

  private finish(target: Topology): void {
    if (target === 'sfu') {
      // Every link, those that never carried media too (a link still connecting when the
      // meeting moved would otherwise stay, and be replaced when it gets stuck); one that
      // carries media waits for the other side as above.
      for (const id of this.options.mesh.linkIds()) this.closeOld(id, 'sfu');
    } else {
      // The others may still be moving to their mesh link to us: unpublish a moment later.
      clearTimeout(this.closeTimer);
      this.closeTimer = setTimeout(() => {
        if (this.pathSwitch.target === 'mesh') this.dropSession();
      }, this.options.unpublishDelayMs ?? 1000);
    }
    this.events.emit('switched', target);
  }

  private publish(): void {
    if (this.closed) return;
    const sfu = this.session?.peers.get() ?? new Map();
    const uplink = this.session?.uplink.get();
    const { mesh } = this.options;
    const adaptViaSfu = (id: string) =>
      uplink && { ...uplink, receivingPaused: mesh.receivingPausedViaSfu(id) };
    this.peersStore.set(
      mergePeers(mesh.peers.get(), sfu, (id) => this.shown(id), mesh.quality.get(), adaptViaSfu),
    );
  }

  /** Closes the SFU side and stops probing. Idempotent (the mesh is the call's to close). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.probe.stop();
    for (const off of this.detach.splice(0)) off();
    this.dropSession();
    this.events.clear();
  }
}
