// Keeps one peer connection's ICE alive (docs/web.md, The mesh): a connection that fails, or
// stays disconnected longer than a grace period, gets an ICE restart; one that never connects
// after negotiation gets a watchdog restart, and if that fails too it is reported stuck so the
// mesh replaces it. Restarts come from the impolite side only, so both ends never restart at
// once.

import { debugLog } from './debug_log';
import type { Negotiation, SignalSink } from './negotiation';

/** How many times an unanswered offer is sent again before the connection is replaced. */
const MAX_OFFER_REPEATS = 2;

export interface RepairedLink {
  readonly pc: RTCPeerConnection;
  readonly polite: boolean;
  readonly remoteSocketId: string;
}

export interface RepairOptions {
  /** How long 'disconnected' may last before an ICE restart. */
  disconnectGraceMs: number;
  /** How long ICE may stay 'new'/'connecting' after negotiation before it is restarted. */
  connectTimeoutMs: number;
  /** ICE never connected, even after a restart. */
  onStuck: () => void;
}

export class IceRepair {
  private disconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdogFires = 0;
  private offerRepeats = 0;
  private closed = false;

  constructor(
    private readonly link: RepairedLink,
    private readonly sink: SignalSink,
    private readonly negotiation: Negotiation,
    private readonly options: RepairOptions,
  ) {}

  /** RTCPeerConnection.connectionState changed. */
  onConnectionState(state: RTCPeerConnectionState): void {
    clearTimeout(this.disconnectTimer);
    if (state === 'connected') clearTimeout(this.connectTimer);
    if (state === 'failed') this.restart();
    if (state === 'disconnected') {
      this.disconnectTimer = setTimeout(() => {
        if (this.link.pc.connectionState === 'disconnected') this.restart();
      }, this.options.disconnectGraceMs);
    }
  }

  /**
   * Negotiation finished: if ICE hasn't connected within `connectTimeoutMs` (candidates lost
   * in a glare, a path that never worked), restart it rather than wait forever in 'new'.
   */
  arm(): void {
    clearTimeout(this.connectTimer);
    if (this.closed || this.link.pc.connectionState === 'connected') return;
    this.connectTimer = setTimeout(() => void this.unstick(), this.options.connectTimeoutMs);
  }

  /** Signaling is stable again: the offer in flight, if any, was answered. */
  settled(): void {
    this.offerRepeats = 0;
    this.arm();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.disconnectTimer);
    clearTimeout(this.connectTimer);
  }

  private async unstick(): Promise<void> {
    const { pc, polite } = this.link;
    const state = pc.connectionState;
    if (this.closed || (state !== 'new' && state !== 'connecting')) return;
    debugLog(this.link.remoteSocketId, 'watchdog', state, pc.signalingState, this.watchdogFires);
    this.arm();
    // An offer whose answer never came: the remote may be slow or may have lost it, so send the
    // same offer again (never roll it back: a remote that applied it would refuse any other
    // offer whose m-lines are ordered differently). Still unanswered after that, the remote
    // could not apply it: the impolite side replaces the connection.
    if (pc.signalingState === 'have-local-offer') {
      if (this.offerRepeats++ < MAX_OFFER_REPEATS || polite) this.negotiation.resend();
      else this.options.onStuck();
      return;
    }
    // One ICE restart first; if that doesn't help either, this connection is beyond repair
    // (Chromium can leave one gathering nothing): the mesh replaces it with a new one.
    if (polite) return;
    if (this.watchdogFires++ === 0) this.restart();
    else this.options.onStuck();
  }

  private restart(): void {
    if (this.closed || this.link.polite) return;
    if (this.sink.canSignal()) this.link.pc.restartIce();
    else this.negotiation.defer();
  }
}
