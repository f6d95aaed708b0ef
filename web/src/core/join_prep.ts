// What a join needs besides the camera, all started the moment a token is known instead of one
// after another (docs/web.md "Join sequence"): the Socket.IO connection, the ICE servers and
// the meeting record. The call that joins takes the connection over; a prep nobody took is
// disposed, which closes its connection.

import type { ApiClient } from './api_client';
import { SignalingClient } from './signaling';
import type { Meeting } from './types';

export interface JoinPrepOptions {
  api: ApiClient;
  token: string;
  meetingId: string;
  createSignaling?: (token: string) => SignalingClient;
}

export class JoinPrep {
  readonly token: string;
  /** Connecting from the start; `take` hands it to the call. */
  readonly signaling: SignalingClient;
  /** Never rejects: without them the mesh still connects on loopback and the LAN. */
  readonly iceServers: Promise<RTCIceServer[]>;
  /** GET /api/meetings/:id (rejects with its ParleyError, e.g. not_found). */
  readonly meeting: Promise<Meeting>;
  private taken = false;
  private disposed = false;

  constructor(options: JoinPrepOptions) {
    this.token = options.token;
    const create = options.createSignaling ?? ((t: string) => new SignalingClient(t));
    this.signaling = create(options.token);
    this.iceServers = options.api.iceServers().catch(() => [] as RTCIceServer[]);
    this.meeting = options.api.meeting(options.meetingId);
    this.meeting.catch(() => undefined); // read by whoever awaits it; never unhandled here
  }

  /** The connection, now the caller's to close. Throws if already taken or disposed. */
  take(): SignalingClient {
    if (this.taken || this.disposed) throw new Error('join prep already used');
    this.taken = true;
    return this.signaling;
  }

  /** Closes the connection unless a call took it. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (!this.taken) this.signaling.close();
  }
}
