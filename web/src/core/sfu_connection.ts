// One RTCPeerConnection to the SFU (docs/web.md "The SFU"): the server-given id `pc`, trickled
// candidates both ways (ours held until the id is known and sent together, the SFU's until the
// remote description is set), its lifetime, and a watchdog: a connection that has not connected
// some seconds after the offer and answer were exchanged counts as lost, like a failed one.
// Publishers and subscribers build on it.

import { markConnection } from './debug_log';
import { Emitter } from './emitter';
import type { SfuSignaling } from './sfu_events';

export interface SfuConnectionOptions {
  signaling: SfuSignaling;
  configuration: RTCConfiguration;
  createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
  /** How long ICE and DTLS may take once offer and answer are exchanged (default 20 s). */
  connectTimeoutMs?: number;
}

export interface SfuConnectionEvents {
  /** ICE failed, or never connected in time: the owner sets up a new one. */
  lost: undefined;
  state: RTCPeerConnectionState;
}

/**
 * How long our candidates gathered together wait, to go in one `sfu-candidate` (docs/signaling.md
 * "Large meetings: the SFU"): a browser gathers a connection's host candidates within a few ms,
 * and each message costs the page, the server and Janus a turn and an ack.
 */
export const CANDIDATE_BATCH_MS = 10;
/** The most candidates one `sfu-candidate` carries (the server's limit). */
export const MAX_CANDIDATES_PER_EVENT = 16;

/** A candidate from `sfu-candidate` as the server relays it: an init, a bare string, or none. */
export type WireCandidate = RTCIceCandidateInit | string | null;

export function toCandidate(wire: WireCandidate): RTCIceCandidateInit | null {
  if (wire === null || wire === '') return null;
  if (typeof wire === 'string') return { candidate: wire, sdpMLineIndex: 0 };
  if (typeof wire !== 'object' || !wire.candidate) return null;
  return wire;
}

export class SfuConnection {
  readonly events = new Emitter<SfuConnectionEvents>();
  readonly pc: RTCPeerConnection;
  private idValue: string | null = null;
  private outgoing: Array<RTCIceCandidateInit | null> = [];
  private outgoingTimer: ReturnType<typeof setTimeout> | undefined;
  private incoming: Array<RTCIceCandidateInit | null> = [];
  private closed = false;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(protected readonly options: SfuConnectionOptions) {
    const create = options.createPeerConnection ?? ((c) => new RTCPeerConnection(c));
    this.pc = create(options.configuration);
    this.pc.onicecandidate = ({ candidate }) => this.sendCandidate(candidate?.toJSON() ?? null);
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      this.events.emit('state', state);
      if (state === 'connected') clearTimeout(this.watchdog);
      if (state === 'failed') this.events.emit('lost', undefined);
    };
  }

  /**
   * Offer and answer are exchanged: ICE and DTLS should connect now. A connection still 'new'
   * or 'connecting' after `connectTimeoutMs` (a check or handshake lost on a loaded host; it
   * would otherwise hang there with no 'failed' to repair it) is reported lost.
   */
  protected armWatchdog(): void {
    clearTimeout(this.watchdog);
    if (this.closed || this.pc.connectionState === 'connected') return;
    this.watchdog = setTimeout(() => {
      const state = this.pc.connectionState;
      if (this.closed || (state !== 'new' && state !== 'connecting')) return;
      console.warn(`parley: SFU connection ${this.idValue ?? '?'} stuck in '${state}'`);
      this.events.emit('lost', undefined);
    }, this.options.connectTimeoutMs ?? 20000);
  }

  /**
   * The per-connection marks of the join sequence (docs/web.md "Join sequence"), debug only:
   * `sfu-ice-connected`, `sfu-dtls-connected` and `sfu-track-<kind>`, with `detail.peer` =
   * `peer` (the remote socket id of a subscriber, `self:<kind>` for a publisher).
   */
  protected markSteps(peer: string): void {
    markConnection(this.pc, 'sfu-', { peer });
  }

  /** The server's id for this connection, once the publish or subscribe ack gave it. */
  get id(): string | null {
    return this.idValue;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  protected setId(id: string): void {
    this.idValue = id;
    this.flushCandidates();
  }

  /** A candidate the SFU trickled; held until the remote description is set. */
  async addRemoteCandidate(wire: WireCandidate): Promise<void> {
    if (this.closed) return;
    const candidate = toCandidate(wire);
    if (!this.pc.remoteDescription) {
      this.incoming.push(candidate);
      return;
    }
    await this.apply(candidate);
  }

  protected async flushRemoteCandidates(): Promise<void> {
    for (const c of this.incoming.splice(0)) await this.apply(c);
  }

  private async apply(candidate: RTCIceCandidateInit | null): Promise<void> {
    try {
      if (candidate) await this.pc.addIceCandidate(candidate);
      else await this.pc.addIceCandidate();
    } catch (error) {
      if (!this.closed) console.warn('parley: SFU candidate refused', error);
    }
  }

  /** Queues one of ours: they go together once the id is known, CANDIDATE_BATCH_MS after the first. */
  private sendCandidate(candidate: RTCIceCandidateInit | null): void {
    if (this.closed) return;
    this.outgoing.push(candidate);
    if (!this.idValue || this.outgoingTimer !== undefined) return;
    this.outgoingTimer = setTimeout(() => this.flushCandidates(), CANDIDATE_BATCH_MS);
  }

  private flushCandidates(): void {
    clearTimeout(this.outgoingTimer);
    this.outgoingTimer = undefined;
    const pc = this.idValue;
    if (this.closed || !pc) return;
    const queued = this.outgoing.splice(0);
    for (let i = 0; i < queued.length; i += MAX_CANDIDATES_PER_EVENT) {
      const batch = queued.slice(i, i + MAX_CANDIDATES_PER_EVENT);
      const payload = batch.length === 1 ? { pc, candidate: batch[0]! } : { pc, candidates: batch };
      this.options.signaling.sfu('sfu-candidate', payload).catch(() => undefined);
    }
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  /** Closes the connection and removes every handler; `release` tells the server. Idempotent. */
  close(release?: 'sfu-unpublish' | 'sfu-unsubscribe'): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.watchdog);
    clearTimeout(this.outgoingTimer);
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.pc.ontrack = null;
    this.pc.close();
    this.events.clear();
    if (release && this.idValue)
      this.options.signaling.sfu(release, { pc: this.idValue }).catch(() => undefined);
  }
}
