// Perfect negotiation for one RTCPeerConnection (docs/web.md, The mesh): both sides may offer
// at any time; on a collision the polite side rolls back and answers, the impolite side
// ignores the other's offer. ICE candidates that arrive before the remote description are
// buffered. Every local description is sent once, whichever path produced it.

import { debugLog, debugMark } from './debug_log';

/** Where a link's outgoing signaling goes (bound to the current remote socket). */
export interface SignalSink {
  /** False while signaling is down: negotiation waits for `resume()`. */
  canSignal(): boolean;
  description(description: RTCSessionDescriptionInit): void;
  candidate(candidate: RTCIceCandidateInit | null): void;
}

/** The link this negotiation belongs to: its role and address can change on `retarget`. */
export interface NegotiatingLink {
  readonly polite: boolean;
  readonly remoteSocketId: string;
}

export class Negotiation {
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private lastSent: { type: RTCSdpType; sdp: string } | null = null;
  /** The last remote description applied (or being applied), as received. */
  private lastApplied: { type: RTCSdpType; sdp: string } | null = null;
  /** A negotiation was skipped while signaling was down; `takeDeferred` collects it. */
  private deferred = false;
  private closed = false;
  /** The `o=` session id of the remote's descriptions: a new one means a new remote peer. */
  remoteSession: string | null = null;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly link: NegotiatingLink,
    private readonly sink: SignalSink,
  ) {}

  /** Candidates waiting for the remote description. */
  get bufferedCandidates(): number {
    return this.pendingCandidates.length;
  }

  /** Notes that negotiation must run again once signaling is back. */
  defer(): void {
    this.deferred = true;
  }

  /** True (once) if a negotiation was deferred since the last call. */
  takeDeferred(): boolean {
    const deferred = this.deferred;
    this.deferred = false;
    return deferred;
  }

  /** `negotiationneeded`: makes and sends an offer, or defers while signaling is down. */
  async negotiate(): Promise<void> {
    if (this.closed) return;
    if (!this.sink.canSignal()) {
      this.deferred = true;
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

  /**
   * Applies an offer or answer from the remote side. For an offer, `beforeAnswer` runs
   * between applying it and answering (our tracks join that answer).
   */
  async handleDescription(
    description: RTCSessionDescriptionInit,
    beforeAnswer: () => Promise<void>,
  ): Promise<void> {
    if (this.closed) return;
    if (this.isRepeat(description)) return;
    const readyForOffer =
      !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
    const collision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.link.polite && collision;
    debugLog(this.link.remoteSocketId, 'recv', description.type, {
      state: this.pc.signalingState,
      makingOffer: this.makingOffer,
      polite: this.link.polite,
      collision,
    });
    if (this.ignoreOffer) return;
    debugMark(`${description.type}-received`, { peer: this.link.remoteSocketId });

    this.remoteSession = sessionOf(description.sdp) ?? this.remoteSession;
    this.settingRemoteAnswer = description.type === 'answer';
    this.lastApplied = { type: description.type, sdp: description.sdp ?? '' };
    try {
      await this.pc.setRemoteDescription(description); // rolls back our offer if polite
    } catch (error) {
      this.lastApplied = null;
      throw error;
    } finally {
      this.settingRemoteAnswer = false;
    }
    await this.flushCandidates();
    if (description.type === 'offer') {
      await beforeAnswer();
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    }
  }

  /** Adds a remote candidate now, or once the remote description is set. */
  async handleCandidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    if (this.closed || !candidate) return;
    debugLog(this.link.remoteSocketId, 'remote candidate', candidate.candidate, {
      buffered: !this.pc.remoteDescription,
    });
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    await this.addCandidate(candidate);
  }

  close(): void {
    this.closed = true;
  }

  /**
   * Sends the current local description again, even if it was sent: an offer whose answer is
   * late or lost (docs/web.md, The mesh, "Watchdog"). The remote answers a repeat once.
   */
  resend(): void {
    this.lastSent = null;
    this.sendLocalDescription();
  }

  /**
   * A description we already applied, sent again: an offer's repeat gets our answer again (the
   * first may be lost), once we have made it; an answer's repeat is dropped.
   */
  private isRepeat(description: RTCSessionDescriptionInit): boolean {
    const last = this.lastApplied;
    if (!last || description.type !== last.type || (description.sdp ?? '') !== last.sdp)
      return false;
    debugLog(this.link.remoteSocketId, 'repeat', description.type, {
      state: this.pc.signalingState,
    });
    const answered =
      this.pc.signalingState === 'stable' && this.pc.localDescription?.type === 'answer';
    if (description.type === 'offer' && answered) this.resend();
    return true;
  }

  /** Sends the current local description unless it was already sent. */
  private sendLocalDescription(): void {
    const local = this.pc.localDescription;
    if (!local || this.closed || !this.sink.canSignal()) return;
    if (local.type === this.lastSent?.type && local.sdp === this.lastSent.sdp) return;
    this.lastSent = { type: local.type, sdp: local.sdp };
    debugLog(this.link.remoteSocketId, 'send', local.type, { state: this.pc.signalingState });
    debugMark(`${local.type}-sent`, { peer: this.link.remoteSocketId });
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
      debugLog(this.link.remoteSocketId, 'candidate rejected', {
        ignoreOffer: this.ignoreOffer,
        error: String(error),
      });
    }
  }
}

/** The session id of an SDP's `o=` line; a peer connection keeps it for its lifetime. */
export function sessionOf(sdp: string | undefined): string | null {
  return sdp ? (/^o=\S+ (\d+) /m.exec(sdp)?.[1] ?? null) : null;
}
