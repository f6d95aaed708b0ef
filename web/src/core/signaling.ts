// Typed Socket.IO signaling client (docs/signaling.md). Acks become promises that reject with
// ParleyError; connection status is observable for the "reconnecting" banner. Every event
// name, in either direction, is a key of a typed map: a misspelled one does not compile.

import { io, type Socket } from 'socket.io-client';
import { debugMark } from './debug_log';
import { Emitter } from './emitter';
import { ParleyError, toErrorCode } from './errors';
import { Store, type Readable } from './observable';
import {
  MODERATION_EVENTS,
  type ModerationRequests,
  type ModerationServerEvents,
} from './moderation_events';
import {
  RECORDING_EVENTS,
  type RecordingRequests,
  type RecordingServerEvents,
  type RecordingStatus,
} from './recording';
import {
  SFU_EVENTS,
  type SfuReplies,
  type SfuRequests,
  type SfuServerEvents,
  type Topology,
  type TopologyEvent,
} from './sfu_events';
import type { ChatMessage, Meeting, MediaState, MeetingSettings, Participant, Role } from './types';

/** Events the server sends (the moderation ones: moderation_events.ts, SFU: sfu_events.ts). */
export interface ServerEvents
  extends ModerationServerEvents, SfuServerEvents, RecordingServerEvents {
  'existing-participants': Participant[];
  'user-joined': Participant;
  'user-left': { userId: string; socketId: string };
  offer: { offer: RTCSessionDescriptionInit; fromSocket: string; fromUserId: string };
  answer: { answer: RTCSessionDescriptionInit; fromSocket: string; fromUserId: string };
  'ice-candidate': {
    candidate: RTCIceCandidateInit | null;
    fromSocket: string;
    fromUserId: string;
  };
  'chat-message': ChatMessage;
  'media-state': MediaState & { socketId: string; userId: string };
  'raise-hand': { socketId: string; userId: string; raised: boolean };
  'meeting-ended': { meetingId: string };
}

/** Events the client sends with an ack (docs/signaling.md, Client → server events). */
export interface ClientRequests extends ModerationRequests, SfuRequests, RecordingRequests {
  join: JoinRequest;
  leave: undefined;
  'chat-message': { text: string };
  'end-meeting': undefined;
}

/** Events the client sends without an ack. */
export interface ClientEvents {
  offer: { offer: RTCSessionDescriptionInit; targetSocket: string };
  answer: { answer: RTCSessionDescriptionInit; targetSocket: string };
  'ice-candidate': { candidate: RTCIceCandidateInit | null; targetSocket: string };
  'media-state': MediaState;
  'raise-hand': { raised: boolean };
}

/** Client-side lifecycle events. */
export interface ConnectionEvents {
  /** Connected (first time or after a reconnect), with the new socket id. */
  connected: string;
  /** Lost; `willReconnect` is false when the client stopped on purpose or was refused. */
  disconnected: { reason: string; willReconnect: boolean };
  /** The server refused the token. */
  unauthorized: undefined;
}

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface JoinRequest {
  room: string;
  userId?: string;
  password?: string;
  audio?: boolean;
  video?: boolean;
}

export interface JoinReply {
  meeting: Meeting;
  participants: Participant[];
  role?: Role;
  settings?: MeetingSettings;
  /** The meeting's media path, as the `topology` event (docs/signaling.md "Large meetings"). */
  topology?: TopologyEvent | Topology;
  /** Whether the meeting records (docs/recording.md "Signaling"), as the `recording` event. */
  recording?: RecordingStatus;
}

/** The minimal socket surface used here, so tests can drive the client without a server. */
export type SocketLike = Pick<
  Socket,
  'on' | 'off' | 'emit' | 'connect' | 'disconnect' | 'id' | 'connected'
> & {
  io: {
    on: Socket['io']['on'];
    off: Socket['io']['off'];
    /** The Engine.IO connection while there is one (its transport's name). */
    engine?: { transport?: { name: string } };
  };
  timeout(ms: number): { emit: (event: string, ...args: unknown[]) => void };
};

const ACK_TIMEOUT_MS = 10000;
/** A join held in the meeting's lobby is answered only once someone admits or denies it. */
const JOIN_TIMEOUT_MS = 6 * 3600 * 1000;

export class SignalingClient {
  readonly events = new Emitter<ServerEvents>();
  readonly lifecycle = new Emitter<ConnectionEvents>();
  private readonly statusStore = new Store<ConnectionStatus>('connecting');
  private readonly socket: SocketLike;
  private closed = false;
  private readonly detach: Array<() => void> = [];

  constructor(token: string, options: { url?: string; socket?: SocketLike } = {}) {
    this.socket =
      options.socket ??
      (io(options.url ?? '/', {
        auth: { token },
        // WebSocket first; where it fails (a proxy or network that refuses upgrades), long
        // polling (docs/signaling.md "Transports").
        transports: ['websocket', 'polling'],
        tryAllTransports: true,
        reconnectionDelay: 500,
        reconnectionDelayMax: 3000,
        autoConnect: false,
      }) as unknown as SocketLike);
    this.wire();
    debugMark('sio-start');
    this.socket.connect();
  }

  get status(): Readable<ConnectionStatus> {
    return this.statusStore;
  }

  get id(): string | undefined {
    return this.socket.id;
  }

  /** The Engine.IO transport in use (`websocket` or `polling`), null while disconnected. */
  get transport(): string | null {
    return this.socket.io.engine?.transport?.name ?? null;
  }

  join(request: JoinRequest): Promise<JoinReply> {
    debugMark('join-sent');
    const reply = this.requestWithin(JOIN_TIMEOUT_MS, 'join', request) as Promise<JoinReply>;
    return reply.then((r) => (debugMark('join-ack'), r));
  }

  leave(): Promise<void> {
    return this.request('leave').then(() => undefined);
  }

  sendOffer(targetSocket: string, offer: RTCSessionDescriptionInit): void {
    this.send('offer', { offer, targetSocket });
  }

  sendAnswer(targetSocket: string, answer: RTCSessionDescriptionInit): void {
    this.send('answer', { answer, targetSocket });
  }

  sendCandidate(targetSocket: string, candidate: RTCIceCandidateInit | null): void {
    this.send('ice-candidate', { candidate, targetSocket });
  }

  sendChat(text: string): Promise<void> {
    return this.request('chat-message', { text }).then(() => undefined);
  }

  sendMediaState(state: MediaState): void {
    this.send('media-state', state);
  }

  raiseHand(raised: boolean): void {
    this.send('raise-hand', { raised });
  }

  /** A moderation or reaction event (docs/signaling.md "Moderation"); resolves with the ack. */
  moderate<K extends keyof ModerationRequests>(
    event: K,
    payload?: ModerationRequests[K],
  ): Promise<unknown> {
    // The typed request() spells each payload's presence; here it follows `payload`.
    const request = this.requestWithin as (
      timeoutMs: number,
      event: K,
      ...rest: unknown[]
    ) => Promise<unknown>;
    const rest = payload === undefined ? [] : [payload];
    return request.call(this, ACK_TIMEOUT_MS, event, ...rest);
  }

  /** An SFU request (docs/signaling.md "Large meetings: the SFU"); resolves with the ack. */
  sfu<K extends keyof SfuRequests>(event: K, payload: SfuRequests[K]): Promise<SfuReplies[K]> {
    const request = this.requestWithin as (
      timeoutMs: number,
      event: K,
      payload: SfuRequests[K],
    ) => Promise<unknown>;
    return request.call(this, ACK_TIMEOUT_MS, event, payload) as Promise<SfuReplies[K]>;
  }

  /** start-recording / stop-recording (docs/recording.md); resolves with the ack. */
  record(event: keyof RecordingRequests): Promise<unknown> {
    return this.request(event);
  }

  endMeeting(): Promise<void> {
    return this.request('end-meeting').then(() => undefined);
  }

  /** Disconnects for good and removes every listener this client attached. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.detach.splice(0)) off();
    this.socket.disconnect();
    this.statusStore.set('closed');
    this.events.clear();
    this.lifecycle.clear();
  }

  private send<K extends keyof ClientEvents>(event: K, payload: ClientEvents[K]): void {
    this.socket.emit(event, payload);
  }

  /** Emits with an ack; resolves with the reply's fields or rejects with its error. */
  private request<K extends keyof ClientRequests>(
    event: K,
    ...payload: ClientRequests[K] extends undefined ? [] : [ClientRequests[K]]
  ): Promise<unknown> {
    return this.requestWithin(ACK_TIMEOUT_MS, event, ...payload);
  }

  private requestWithin<K extends keyof ClientRequests>(
    timeoutMs: number,
    event: K,
    ...[payload]: ClientRequests[K] extends undefined ? [] : [ClientRequests[K]]
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onAck = (error: Error | null, reply?: unknown) => {
        if (error) return reject(new ParleyError('timeout', `No answer to ${event}.`));
        const body = reply as { ok?: boolean; error?: { code?: unknown; message?: unknown } };
        if (body?.ok) return resolve(body);
        const message = typeof body?.error?.message === 'string' ? body.error.message : event;
        reject(new ParleyError(toErrorCode(body?.error?.code), message));
      };
      const timed = this.socket.timeout(timeoutMs);
      if (payload === undefined) timed.emit(event, onAck);
      else timed.emit(event, payload, onAck);
    });
  }

  private wire(): void {
    const forward = (name: keyof ServerEvents) => {
      const handler = (payload: unknown) => this.events.emit(name, payload as never);
      this.socket.on(name, handler);
      this.detach.push(() => this.socket.off(name, handler));
    };
    for (const name of SERVER_EVENT_NAMES) forward(name);

    this.listen('connect', () => {
      debugMark('sio-connected');
      this.statusStore.set('connected');
      this.lifecycle.emit('connected', this.socket.id ?? '');
    });
    this.listen('disconnect', (reason: string) => {
      if (this.closed) return;
      // The server dropped us on purpose (e.g. while restarting): socket.io won't retry alone.
      if (reason === 'io server disconnect') this.socket.connect();
      this.statusStore.set('reconnecting');
      this.lifecycle.emit('disconnected', { reason, willReconnect: true });
    });
    this.listen('connect_error', (error: Error) => {
      if (error.message === 'unauthorized') {
        this.statusStore.set('closed');
        this.lifecycle.emit('unauthorized', undefined);
        this.close();
        return;
      }
      if (this.statusStore.get() === 'connected') this.statusStore.set('reconnecting');
    });
  }

  private listen(event: string, handler: (...args: never[]) => void): void {
    this.socket.on(event, handler as never);
    this.detach.push(() => this.socket.off(event, handler as never));
  }
}

/** Every server event, once: adding one to ServerEvents without listing it here fails to compile. */
const SERVER_EVENTS: Record<keyof ServerEvents, true> = {
  'existing-participants': true,
  'user-joined': true,
  'user-left': true,
  offer: true,
  answer: true,
  'ice-candidate': true,
  'chat-message': true,
  'media-state': true,
  'raise-hand': true,
  'meeting-ended': true,
  ...MODERATION_EVENTS,
  ...SFU_EVENTS,
  ...RECORDING_EVENTS,
};
const SERVER_EVENT_NAMES = Object.keys(SERVER_EVENTS) as Array<keyof ServerEvents>;
