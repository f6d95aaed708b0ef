// One RTCPeerConnection to one remote participant (docs/web.md, The mesh): the tracks it
// sends and receives and its lifetime. Negotiation (perfect negotiation, candidate buffering)
// is Negotiation's job, keeping ICE alive (restarts, the watchdog) IceRepair's.

import { debugEnabled, debugLog, debugMark, markConnection } from './debug_log';
import { Emitter } from './emitter';
import { IceRepair } from './ice_repair';
import { Negotiation, type SignalSink } from './negotiation';
import { withOpusFecDtx } from './opus_fmtp';

export { sessionOf, type SignalSink } from './negotiation';

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
  /** After stopReceiving: the remote has stopped receiving too, so nothing flows either way. */
  idle: undefined;
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

  private readonly negotiation: Negotiation;
  private readonly repair: IceRepair;
  private readonly transceivers = new Map<'audio' | 'video', RTCRtpTransceiver>();
  private onFirstOffer: (() => Promise<unknown>) | null = null;
  private offerWaitTimer: ReturnType<typeof setTimeout> | undefined;
  private receiving = true;
  private closed = false;

  constructor(options: PeerLinkOptions) {
    this.remoteSocketId = options.remoteSocketId;
    this.remoteUserId = options.remoteUserId;
    this.polite = options.polite;
    const sink = options.sink;
    const create = options.createPeerConnection ?? ((c) => new RTCPeerConnection(c));
    this.pc = create(options.configuration);
    if (debugEnabled()) this.markSteps();
    this.remoteStream = new MediaStream();
    this.negotiation = new Negotiation(this.pc, this, sink);
    this.repair = new IceRepair(this, sink, this.negotiation, {
      disconnectGraceMs: options.disconnectGraceMs ?? 3000,
      connectTimeoutMs: options.connectTimeoutMs ?? 8000,
      onStuck: () => this.events.emit('stuck', undefined),
    });
    this.pc.onnegotiationneeded = () => {
      this.negotiation.negotiate().catch((error: unknown) => {
        if (!this.closed) console.warn('parley: negotiation failed', error);
      });
    };
    this.pc.onicecandidate = ({ candidate }) => {
      debugLog(this.remoteSocketId, 'local candidate', candidate?.candidate ?? 'end', {
        up: sink.canSignal(),
      });
      if (sink.canSignal()) sink.candidate(candidate ? candidate.toJSON() : null);
    };
    this.pc.ontrack = ({ track }) => this.addRemoteTrack(track);
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      debugLog(this.remoteSocketId, 'connection', state);
      this.events.emit('state', state);
      this.repair.onConnectionState(state);
    };
    this.repair.arm();
    this.pc.onsignalingstatechange = () => {
      if (this.pc.signalingState !== 'stable') return;
      this.repair.settled();
      this.events.emit('stable', undefined);
      // A task later: an answer that made us idle is sent first (the listener closes the link).
      if (!this.receiving)
        setTimeout(() => {
          if (this.idle) this.events.emit('idle', undefined);
        }, 0);
    };
  }

  /** Candidates waiting for the remote description (exposed for tests and diagnostics). */
  get bufferedCandidates(): number {
    return this.negotiation.bufferedCandidates;
  }

  /** The `o=` session id of the remote's descriptions: a new one means a new remote peer. */
  get remoteSession(): string | null {
    return this.negotiation.remoteSession;
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
      own.direction = this.receiving ? 'sendrecv' : 'sendonly';
  }

  /**
   * Tells the remote to stop sending to us, and keeps sending to it (docs/web.md "The switch,
   * make-before-break": our tile of them moved to the SFU, theirs of us may not have yet).
   * The renegotiation this starts is the word the other side waits for; once both sides have
   * said it, nothing flows either way and the link emits `idle`.
   */
  stopReceiving(): void {
    if (this.closed || !this.receiving) return;
    this.receiving = false;
    for (const t of this.pc.getTransceivers()) {
      if (t.direction === 'sendrecv') t.direction = 'sendonly';
      else if (t.direction === 'recvonly') t.direction = 'inactive';
    }
  }

  /** stopReceiving was called and the negotiated directions carry nothing either way. */
  get idle(): boolean {
    if (this.closed || this.receiving || this.pc.signalingState !== 'stable') return false;
    return this.pc
      .getTransceivers()
      .every((t) => t.currentDirection === 'inactive' || t.currentDirection === 'stopped');
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

  /** Applies an offer or answer from the remote side; our tracks join the first answer. */
  handleDescription(description: RTCSessionDescriptionInit): Promise<void> {
    if (this.closed) return Promise.resolve();
    // Audio first: FEC and DTX for what we send (docs/web.md "Network adaptation").
    const sdp = description.sdp ? withOpusFecDtx(description.sdp) : description.sdp;
    return this.negotiation.handleDescription({ ...description, sdp }, () => this.startSending());
  }

  /** Adds a remote candidate now, or once the remote description is set. */
  handleCandidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    return this.negotiation.handleCandidate(candidate);
  }

  /** Signaling is back: finish negotiation skipped meanwhile, repair a broken connection. */
  resume(): void {
    if (this.closed) return;
    const state = this.pc.connectionState;
    const broken = (state === 'failed' || state === 'disconnected') && !this.polite;
    if (this.negotiation.takeDeferred() || broken) this.pc.restartIce();
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
    this.negotiation.close();
    this.repair.close();
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

  /** The join sequence's per-connection marks (docs/web.md "Join sequence"), debug only. */
  private markSteps(): void {
    const peer = { peer: this.remoteSocketId };
    debugMark('peer-known', peer);
    markConnection(this.pc, '', peer);
  }

  private addRemoteTrack(track: MediaStreamTrack): void {
    for (const old of this.remoteStream.getTracks()) {
      if (old.kind === track.kind && old !== track) this.remoteStream.removeTrack(old);
    }
    if (!this.remoteStream.getTracks().includes(track)) this.remoteStream.addTrack(track);
    this.events.emit('stream', this.remoteStream);
  }
}
