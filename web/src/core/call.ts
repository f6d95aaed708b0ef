// One person's presence in one meeting: its lifecycle (connect, join and rejoin, leave, end)
// and the actions the room offers, with no UI. Server events reach the roster, mesh and chat
// through call_routing.ts; the roster's rules live in call_roster.ts. The React layer only
// reads the stores below and calls the methods.

import type { ApiClient } from './api_client';
import { CallMedia } from './call_media';
import { CallRoster } from './call_roster';
import { routeServerEvents, warn } from './call_routing';
import { ChatLog } from './chat_log';
import { ParleyError } from './errors';
import type { LocalMedia } from './local_media';
import { MediaPaths } from './media_paths';
import { PeerMesh } from './mesh';
import { Moderation } from './moderation';
import type { ModerationServerEvents } from './moderation_events';
import { Store, type Readable } from './observable';
import { Recording } from './recording';
import type { Roster } from './participants';
import { SignalingClient, type ConnectionStatus, type JoinReply } from './signaling';
import type { Meeting, User } from './types';

// The flow opens the connection ahead with this (same chunk: docs/web.md "Join sequence").
export { JoinPrep } from './join_prep';

/** `lobby`: held in the meeting's lobby; `removed` / `denied`: a host's decision (moderation). */
export type CallPhase =
  'joining' | 'lobby' | 'in-room' | 'ended' | 'left' | 'failed' | 'removed' | 'denied';

export interface CallState {
  phase: CallPhase;
  error: ParleyError | null;
  meeting: Meeting;
  selfSocketId: string | null;
  handRaised: boolean;
  /** Who removed us, once phase is 'removed'. */
  removedBy?: string;
}

export interface CallOptions {
  api: ApiClient;
  token: string;
  user: User;
  meeting: Meeting;
  password?: string;
  media: LocalMedia;
  createSignaling?: (token: string) => SignalingClient;
  /** A connection opened ahead of the call (join_prep.ts); the call owns it from now on. */
  signaling?: SignalingClient;
  /** ICE servers fetched ahead (join_prep.ts); without them `start` fetches them. */
  iceServers?: RTCIceServer[];
}

/** How long chat history may wait for an idle moment after joining (docs/web.md "Join sequence"). */
const HISTORY_IDLE_MS = 2000;

export class MeetingCall {
  readonly chat: ChatLog;
  /** Settings, lobby requests, notices, reactions, and the host actions (moderation.ts). */
  readonly moderation: Moderation;
  /** Whether the meeting records; start and stop for hosts (docs/recording.md). */
  readonly recording: Recording;
  private readonly stateStore: Store<CallState>;
  private readonly rosterModel: CallRoster;
  private readonly callMedia: CallMedia;
  private readonly connectionStore = new Store<ConnectionStatus>('connecting');
  private readonly meshStore = new Store<PeerMesh | null>(null);
  private readonly pathsStore = new Store<MediaPaths | null>(null);
  readonly connection: Readable<ConnectionStatus> = this.connectionStore;

  /** The signaling transport in use (`websocket` or `polling`), null while disconnected. */
  get transport(): string | null {
    return this.signaling?.transport ?? null;
  }
  /** The peer mesh, null until `start` has fetched the ICE servers. */
  readonly mesh: Readable<PeerMesh | null> = this.meshStore;
  /** Mesh or SFU and what the tiles play (media_paths.ts), null until `start`. */
  readonly paths: Readable<MediaPaths | null> = this.pathsStore;
  private signaling: SignalingClient | null = null;
  private readonly cleanup: Array<() => void> = [];
  private joinedOnce = false;
  private torn = false;

  constructor(private readonly options: CallOptions) {
    this.signaling = options.signaling ?? null;
    this.chat = new ChatLog(options.user.id);
    this.moderation = new Moderation((event, payload) =>
      this.signaling
        ? this.signaling.moderate(event, payload)
        : Promise.reject(new ParleyError('not_in_room', 'Not connected.')),
    );
    this.recording = new Recording((event) =>
      this.signaling
        ? this.signaling.record(event)
        : Promise.reject(new ParleyError('not_in_room', 'Not connected.')),
    );
    this.stateStore = new Store<CallState>({
      phase: 'joining',
      error: null,
      meeting: options.meeting,
      selfSocketId: null,
      handRaised: false,
    });
    this.rosterModel = new CallRoster(
      () => this.stateStore.get().selfSocketId,
      (socketId) => {
        this.meshStore.get()?.remove(socketId);
        this.pathsStore.get()?.left(socketId);
      },
    );
    this.callMedia = new CallMedia(options.media, this.rosterModel, (state) => {
      if (this.stateStore.get().phase === 'in-room') this.signaling?.sendMediaState(state);
    });
  }

  get state(): Readable<CallState> {
    return this.stateStore;
  }

  get roster(): Readable<Roster> {
    return this.rosterModel;
  }

  get media(): LocalMedia {
    return this.options.media;
  }

  get user(): User {
    return this.options.user;
  }

  get isHost(): boolean {
    return this.options.meeting.hostId === this.options.user.id;
  }

  /**
   * Connects signaling (or adopts the connection opened ahead) and joins the room; failures
   * end in phase 'failed' with an error.
   */
  async start(): Promise<void> {
    const { api, token, media } = this.options;
    const iceServers =
      this.options.iceServers ?? (await api.iceServers().catch(() => [] as RTCIceServer[]));
    if (this.torn) return;
    const signaling =
      this.signaling ?? (this.options.createSignaling ?? ((t) => new SignalingClient(t)))(token);
    this.signaling = signaling;
    const mesh = new PeerMesh({ signaling, media, iceServers });
    const paths = new MediaPaths({
      mesh,
      signaling,
      media,
      iceServers,
      others: () => this.rosterModel.get().filter((p) => p.socketId !== signaling.id),
    });
    this.meshStore.set(mesh);
    this.pathsStore.set(paths);
    this.wireSignaling(signaling, mesh, paths);
    this.cleanup.push(this.callMedia.follow(() => paths.refreshTracks()));
    // A connection opened ahead may be up already (join now) or refused already.
    const status = signaling.status.get();
    if (status === 'connected') void this.join();
    else if (status === 'closed')
      this.teardown('failed', new ParleyError('unauthorized', 'Session expired.'));
  }

  setAudio(enabled: boolean): void {
    this.callMedia.setAudio(enabled);
  }

  setVideo(enabled: boolean): void {
    this.callMedia.setVideo(enabled);
  }

  toggleScreenShare(): Promise<void> {
    return this.callMedia.toggleScreenShare();
  }

  setHandRaised(raised: boolean): void {
    this.stateStore.update((s) => ({ ...s, handRaised: raised }));
    this.rosterModel.updateSelf({ raised });
    this.signaling?.raiseHand(raised);
  }

  async sendChat(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed || !this.signaling) return;
    await this.signaling.sendChat(trimmed);
  }

  /** Leaves the room (others see `user-left`) and releases everything. */
  async leave(): Promise<void> {
    if (this.torn) return;
    // Sent before the socket closes; disconnecting alone would also announce `user-left`.
    void this.signaling?.leave().catch(() => undefined);
    this.teardown('left');
  }

  /** Host only: ends the meeting for everyone; `meeting-ended` then arrives for us too. */
  async endForEveryone(): Promise<void> {
    try {
      if (!this.signaling) throw new ParleyError('not_in_room', 'Not connected.');
      await this.signaling.endMeeting();
    } catch (error) {
      if (
        error instanceof ParleyError &&
        (error.code === 'not_host' || error.code === 'meeting_ended')
      )
        throw error;
      await this.options.api.endMeeting(this.options.meeting.meetingId);
    }
    this.teardown('ended');
  }

  /** Releases the call without telling the server (page unload or unmount). */
  dispose(): void {
    if (!this.torn) this.teardown('left');
  }

  private wireSignaling(signaling: SignalingClient, mesh: PeerMesh, paths: MediaPaths): void {
    this.cleanup.push(
      signaling.status.subscribe(() => this.connectionStore.set(signaling.status.get())),
      signaling.lifecycle.on('connected', () => void this.join()),
      signaling.lifecycle.on('disconnected', () => {
        this.rosterModel.cancelPendingLeaves();
        mesh.suspend();
      }),
      signaling.lifecycle.on('unauthorized', () =>
        this.teardown('failed', new ParleyError('unauthorized', 'Session expired.')),
      ),
      ...routeServerEvents(signaling.events, {
        roster: this.rosterModel,
        mesh,
        paths,
        chat: this.chat,
        selfId: () => this.stateStore.get().selfSocketId,
        ended: () => this.teardown('ended'),
        recording: (status) => this.recording.apply(status),
        moderation: this.moderationHandlers(),
      }),
    );
  }

  /** docs/signaling.md "Moderation": what the call itself does; the rest is Moderation's. */
  private moderationHandlers(): {
    [K in keyof ModerationServerEvents]: (payload: ModerationServerEvents[K]) => void;
  } {
    const m = this.moderation;
    return {
      'lobby-waiting': () => this.stateStore.update((s) => ({ ...s, phase: 'lobby' })),
      denied: () => this.teardown('denied'),
      removed: (e) => {
        this.stateStore.update((s) => ({ ...s, removedBy: e.byUsername }));
        this.teardown('removed');
      },
      muted: (e) => {
        // Our own client turns the track off; nobody else can turn it on again.
        if (e.kind === 'audio') this.setAudio(false);
        else this.setVideo(false);
        m.receive('muted', e);
      },
      'role-changed': (e) =>
        this.rosterModel.dispatch({ type: 'role', socketId: e.socketId, role: e.role }),
      'unmute-request': (e) => m.receive('unmute-request', e),
      'meeting-settings': (e) => m.receive('meeting-settings', e),
      'lobby-request': (e) => m.receive('lobby-request', e),
      'lobby-resolved': (e) => m.receive('lobby-resolved', e),
      reaction: (e) => m.receive('reaction', e),
    };
  }

  /** Joins (or, after a reconnect, rejoins) the room with the current media state. */
  private async join(): Promise<void> {
    const signaling = this.signaling;
    if (!signaling || this.torn) return;
    const media = this.options.media.announced();
    this.moderation.resetLobby(); // a host's join is followed by the lobby as it stands
    let reply: JoinReply;
    try {
      reply = await signaling.join({
        room: this.options.meeting.meetingId,
        userId: this.options.user.id,
        ...(this.options.password ? { password: this.options.password } : {}),
        audio: media.audio,
        video: media.video,
      });
    } catch (error) {
      return this.onJoinError(error);
    }
    if (this.torn) return;
    if (reply.settings) this.moderation.setSettings(reply.settings);
    this.recording.apply(reply.recording);
    const selfId = signaling.id ?? null;
    const others = reply.participants.filter((p) => p.socketId !== selfId);
    const previousSelf = this.stateStore.get().selfSocketId;
    this.stateStore.update((s) => ({
      ...s,
      phase: 'in-room',
      meeting: reply.meeting ?? s.meeting,
      selfSocketId: selfId,
    }));
    this.rosterModel.rejoined(previousSelf, reply.participants);
    this.rosterModel.updateSelf({ screen: media.screen, raised: this.stateStore.get().handRaised });
    const topology = typeof reply.topology === 'object' ? reply.topology?.mode : reply.topology;
    this.pathsStore.get()?.joined(topology === 'sfu' ? 'sfu' : 'mesh', others);
    // The server resets screen and hand on every join.
    if (media.screen) signaling.sendMediaState(media);
    if (this.stateStore.get().handRaised) signaling.raiseHand(true);
    if (!this.joinedOnce) {
      this.joinedOnce = true;
      this.installUnloadHook();
    }
    // Chat history is not needed for the first frame: it loads once the page is idle.
    this.cleanup.push(
      whenIdle(() => {
        if (this.torn) return;
        const history = this.options.api.messages(this.options.meeting.meetingId);
        history.then((messages) => this.chat.addHistory(messages)).catch(warn);
      }, HISTORY_IDLE_MS),
    );
  }

  private onJoinError(error: unknown): void {
    const failure =
      error instanceof ParleyError ? error : new ParleyError('unknown', String(error));
    if (failure.code === 'timeout' || failure.code === 'already_in_room') return; // reconnect will retry
    if (failure.code === 'meeting_ended') return this.teardown('ended');
    this.teardown('failed', failure);
  }

  private installUnloadHook(): void {
    const onUnload = () => this.dispose();
    window.addEventListener('pagehide', onUnload);
    this.cleanup.push(() => window.removeEventListener('pagehide', onUnload));
  }

  private teardown(phase: CallPhase, error: ParleyError | null = null): void {
    if (this.torn) return;
    this.torn = true;
    for (const off of this.cleanup.splice(0)) off();
    this.rosterModel.cancelPendingLeaves();
    this.pathsStore.get()?.close();
    this.meshStore.get()?.close();
    this.moderation.dispose();
    this.signaling?.close();
    this.options.media.stop();
    this.connectionStore.set('closed');
    this.stateStore.update((s) => ({ ...s, phase, error }));
  }
}

/** Runs `task` when the page is next idle, at the latest after `timeoutMs`; returns a cancel. */
function whenIdle(task: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(task, 0);
  return () => clearTimeout(timer);
}
