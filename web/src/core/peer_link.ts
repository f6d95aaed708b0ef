// One RTCPeerConnection to one remote participant, negotiated with the "perfect negotiation"
// pattern: both sides may offer at any time; on a collision the polite side rolls back and
// answers, the impolite side ignores the other's offer. ICE candidates that arrive before the
// remote description are buffered. A connection that fails, or stays disconnected longer than
// `disconnectGraceMs`, is repaired with an ICE restart.

import { debugLog } from './debug_log';
import { Emitter } from './emitter';

/** Where this link's outgoing signaling goes (bound to the current remote socket). */
export interface SignalSink {
  /** False while signaling is down: negotiation waits for `resume()`. */
  canSignal(): boolean;
  description(description: RTCSessionDescriptionInit): void;
  candidate(candidate: RTCIceCandidateInit | null): void;
}

export interface PeerLinkOptions {
  /** Socket id of the remote participant (changes if they reconnect; see `retarget`). */
  remoteSocketId: string;
  remoteUserId: string;
  polite: boolean;
  configuration: RTCConfiguration;
  sink: SignalSink;
  createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
  disconnectGraceMs?: number;
  /** How long ICE may stay 'new'/'connecting' after negotiation before it is restarted. */
  connectTimeoutMs?: number;
}

export interface PeerLinkEvents {
  /** The remote stream gained or lost a track. */
  stream: MediaStream;
  /** RTCPeerConnection.connectionState changed. */
  state: RTCPeerConnectionState;
  /** Negotiation finished (signaling state is stable again). */
  stable: undefined;
  /** ICE never connected, even after a restart: replace this connection. */
  stuck: undefined;
}

/** Who is polite: a rule both ends compute alike, from the two socket ids. */
export function isPolite(localSocketId: string, remoteSocketId: string): boolean {
  return localSocketId < remoteSocketId;
}

export class PeerLink {
  readonly events = new Emitter<PeerLinkEvents>();
  readonly pc: RTCPeerConnection;
  readonly remoteStream: MediaStream;
  remoteSocketId: string;
  readonly remoteUserId: string;
  polite: boolean;

  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private negotiationDeferred = false;
  private lastSent: { type: RTCSdpType; sdp: string } | null = null;
  private readonly transceivers = new Map<'audio' | 'video', RTCRtpTransceiver>();
  private onFirstOffer: (() => Promise<unknown>) | null = null;
  private offerWaitTimer: ReturnType<typeof setTimeout> | undefined;
  private disconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdogFires = 0;
  /** The `o=` session id of the remote's descriptions: a new one means a new remote peer. */
  remoteSession: string | null = null;
  private readonly connectTimeoutMs: number;
  private closed = false;
  private readonly sink: SignalSink;
  private readonly graceMs: number;

  constructor(options: PeerLinkOptions) {
    this.remoteSocketId = options.remoteSocketId;
    this.remoteUserId = options.remoteUserId;
    this.polite = options.polite;
    this.sink = options.sink;
    this.graceMs = options.disconnectGraceMs ?? 3000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 8000;
    const create = options.createPeerConnection ?? ((c) => new RTCPeerConnection(c));
    this.pc = create(options.configuration);
    this.remoteStream = new MediaStream();
    this.pc.onnegotiationneeded = () => {
      this.negotiate().catch((error: unknown) => {
        if (!this.closed) console.warn('parley: negotiation failed', error);
      });
    };
    this.pc.onicecandidate = ({ candidate }) => {
      debugLog(this.remoteSocketId, 'local candidate', candidate?.candidate ?? 'end', {
        up: this.sink.canSignal(),
      });
      if (this.sink.canSignal()) this.sink.candidate(candidate ? candidate.toJSON() : null);
    };
    this.pc.ontrack = ({ track }) => this.addRemoteTrack(track);
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    this.armWatchdog();
    this.pc.onsignalingstatechange = () => {
      if (this.pc.signalingState !== 'stable') return;
      this.armWatchdog();
      this.events.emit('stable', undefined);
    };
  }

  /** Candidates waiting for the remote description (exposed for tests and diagnostics). */
  get bufferedCandidates(): number {
    return this.pendingCandidates.length;
  }

  /**
   * Sends `track` as this link's `kind` track, replacing what was sent before. The first call
   * per kind adds a sender (reusing a transceiver the remote offer created); later calls
   * replace its track, which needs no renegotiation. With no track yet, a receive-only
   * transceiver still asks the remote for its media.
   */
  async setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null, stream: MediaStream) {
    if (this.closed) return;
    const own = this.transceivers.get(kind);
    if (!own) {
      if (track) {
        const sender = this.pc.addTrack(track, stream);
        const added = this.pc.getTransceivers().find((t) => t.sender === sender);
        if (added) this.transceivers.set(kind, added);
      } else if (!this.pc.getTransceivers().some((t) => t.receiver.track.kind === kind)) {
        this.transceivers.set(kind, this.pc.addTransceiver(kind, { direction: 'recvonly' }));
      }
      return;
    }
    await own.sender.replaceTrack(track);
    if (track && (own.direction === 'recvonly' || own.direction === 'inactive'))
      own.direction = 'sendrecv';
  }

  /** True while tracks wait for the first remote offer (see waitForOffer). */
  get awaitingOffer(): boolean {
    return this.onFirstOffer !== null;
  }

  /** Runs `start` once: when the first remote offer has been applied, or after `waitMs`. */
  waitForOffer(start: () => Promise<unknown>, waitMs: number): void {
    this.onFirstOffer = start;
    this.offerWaitTimer = setTimeout(() => void this.startSending(), waitMs);
  }

  private async startSending(): Promise<void> {
    clearTimeout(this.offerWaitTimer);
    const start = this.onFirstOffer;
    this.onFirstOffer = null;
    if (start && !this.closed) await start();
  }

  /** Applies an offer or answer from the remote side. */
  async handleDescription(description: RTCSessionDescriptionInit): Promise<void> {
    if (this.closed) return;
    const readyForOffer =
      !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
    const collision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.polite && collision;
    debugLog(this.remoteSocketId, 'recv', description.type, {
      state: this.pc.signalingState,
      makingOffer: this.makingOffer,
      polite: this.polite,
      collision,
    });
    if (this.ignoreOffer) return;

    this.remoteSession = sessionOf(description.sdp) ?? this.remoteSession;
    this.settingRemoteAnswer = description.type === 'answer';
    try {
      await this.pc.setRemoteDescription(description); // rolls back our offer if polite
    } finally {
      this.settingRemoteAnswer = false;
    }
    await this.flushCandidates();
    if (description.type === 'offer') {
      // Our tracks join this answer, so the first exchange needs no second round.
      await this.startSending();
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    }
  }

  /** Adds a remote candidate now, or once the remote description is set. */
  async handleCandidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    if (this.closed || !candidate) return;
    debugLog(this.remoteSocketId, 'remote candidate', candidate.candidate, {
      buffered: !this.pc.remoteDescription,
    });
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    await this.addCandidate(candidate);
  }

  /** Signaling is back: finish negotiation skipped meanwhile, repair a broken connection. */
  resume(): void {
    if (this.closed) return;
    const state = this.pc.connectionState;
    const broken = (state === 'failed' || state === 'disconnected') && !this.polite;
    if (this.negotiationDeferred || broken) {
      this.negotiationDeferred = false;
      this.pc.restartIce();
    }
  }

  /** The remote participant reconnected under a new socket id. */
  retarget(remoteSocketId: string, polite: boolean): void {
    this.remoteSocketId = remoteSocketId;
    this.polite = polite;
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  /** Stops receiving, closes the connection, removes every handler. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.disconnectTimer);
    clearTimeout(this.connectTimer);
    clearTimeout(this.offerWaitTimer);
    this.onFirstOffer = null;
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.onsignalingstatechange = null;
    this.pc.close();
    for (const track of this.remoteStream.getTracks()) this.remoteStream.removeTrack(track);
    this.events.clear();
  }

  private async negotiate(): Promise<void> {
    if (this.closed) return;
    if (!this.sink.canSignal()) {
      this.negotiationDeferred = true;
      return;
    }
    try {
      this.makingOffer = true;
      // If a remote offer got applied meanwhile, this produces the answer: send that too.
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    } finally {
      this.makingOffer = false;
    }
  }

  /** Sends the current local description unless it was already sent. */
  private sendLocalDescription(): void {
    const local = this.pc.localDescription;
    if (!local || this.closed || !this.sink.canSignal()) return;
    if (local.type === this.lastSent?.type && local.sdp === this.lastSent.sdp) return;
    this.lastSent = { type: local.type, sdp: local.sdp };
    debugLog(this.remoteSocketId, 'send', local.type, { state: this.pc.signalingState });
    this.sink.description(local.toJSON());
  }

  private async flushCandidates(): Promise<void> {
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of queued) await this.addCandidate(candidate);
  }

  /**
   * A candidate that doesn't fit (one gathered for an offer that was ignored or rolled back)
   * is dropped on its own; it must never stop the candidates after it.
   */
  private async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      debugLog(this.remoteSocketId, 'candidate rejected', {
        ignoreOffer: this.ignoreOffer,
        error: String(error),
      });
    }
  }

  private addRemoteTrack(track: MediaStreamTrack): void {
    for (const old of this.remoteStream.getTracks()) {
      if (old.kind === track.kind && old !== track) this.remoteStream.removeTrack(old);
    }
    if (!this.remoteStream.getTracks().includes(track)) this.remoteStream.addTrack(track);
    this.events.emit('stream', this.remoteStream);
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState;
    debugLog(this.remoteSocketId, 'connection', state);
    this.events.emit('state', state);
    clearTimeout(this.disconnectTimer);
    if (state === 'connected') clearTimeout(this.connectTimer);
    if (state === 'failed') this.restart();
    if (state === 'disconnected') {
      this.disconnectTimer = setTimeout(() => {
        if (this.pc.connectionState === 'disconnected') this.restart();
      }, this.graceMs);
    }
  }

  /**
   * Negotiation finished: if ICE hasn't connected within `connectTimeoutMs` (candidates lost
   * in a glare, a path that never worked), restart it rather than wait forever in 'new'.
   */
  private armWatchdog(): void {
    clearTimeout(this.connectTimer);
    if (this.pc.connectionState === 'connected') return;
    this.connectTimer = setTimeout(() => void this.unstick(), this.connectTimeoutMs);
  }

  private async unstick(): Promise<void> {
    const state = this.pc.connectionState;
    if (this.closed || (state !== 'new' && state !== 'connecting')) return;
    debugLog(this.remoteSocketId, 'watchdog', state, this.pc.signalingState, this.watchdogFires);
    this.armWatchdog();
    // An offer whose answer never came: withdraw it so negotiation can start over.
    if (this.pc.signalingState === 'have-local-offer') {
      await this.pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
      if (this.sink.canSignal()) this.pc.restartIce();
      return;
    }
    // One ICE restart first; if that doesn't help either, this connection is beyond repair
    // (Chromium can leave one gathering nothing): the mesh replaces it with a new one.
    if (this.polite) return;
    if (this.watchdogFires++ === 0) this.restart();
    else this.events.emit('stuck', undefined);
  }

  /** ICE restarts come from the impolite side only, so both ends never restart at once. */
  private restart(): void {
    if (this.closed || this.polite) return;
    if (this.sink.canSignal()) this.pc.restartIce();
    else this.negotiationDeferred = true;
  }
}

/** The session id of an SDP's `o=` line; a peer connection keeps it for its lifetime. */
export function sessionOf(sdp: string | undefined): string | null {
  return sdp ? (/^o=\S+ (\d+) /m.exec(sdp)?.[1] ?? null) : null;
}
