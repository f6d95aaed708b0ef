// One person's presence in one meeting: signaling, the peer mesh, the roster, chat and the
// local media state, tied together without any UI. The React layer only reads its stores and
// calls its methods.

import type { ApiClient } from './api_client';
import { ChatLog } from './chat_log';
import { ParleyError } from './errors';
import type { LocalMedia } from './local_media';
import { PeerMesh } from './mesh';
import { Moderation } from './moderation';
import { Store, type Readable } from './observable';
import { reduceRoster, type Roster, type RosterEvent } from './participants';
import { SignalingClient, type ConnectionStatus, type JoinReply } from './signaling';
import type { Meeting, MediaState, User } from './types';

/** How long a `user-left` waits for our own socket to stay up before it is believed. */
const LEAVE_CONFIRM_MS = 1000;

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
}

export class MeetingCall {
  readonly chat: ChatLog;
  readonly moderation: Moderation;
  private readonly stateStore: Store<CallState>;
  private readonly rosterStore = new Store<Roster>([]);
  private readonly connectionStore = new Store<ConnectionStatus>('connecting');
  private signaling: SignalingClient | null = null;
  private meshInstance: PeerMesh | null = null;
  private readonly cleanup: Array<() => void> = [];
  private joinedOnce = false;
  private readonly pendingLeaves = new Map<string, ReturnType<typeof setTimeout>>();
  private torn = false;

  constructor(private readonly options: CallOptions) {
    this.chat = new ChatLog(options.user.id);
    this.moderation = new Moderation((event, payload) =>
      this.signaling
        ? this.signaling.send(event, payload)
        : Promise.reject(new ParleyError('not_in_room', 'Not connected.')),
    );
    this.stateStore = new Store<CallState>({
      phase: 'joining',
      error: null,
      meeting: options.meeting,
      selfSocketId: null,
      handRaised: false,
    });
  }

  get state(): Readable<CallState> {
    return this.stateStore;
  }

  get roster(): Readable<Roster> {
    return this.rosterStore;
  }

  get connection(): Readable<ConnectionStatus> {
    return this.connectionStore;
  }

  get mesh(): PeerMesh | null {
    return this.meshInstance;
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

  /** Connects signaling and joins the room; failures end in phase 'failed' with an error. */
  async start(): Promise<void> {
    const { api, token, media } = this.options;
    const iceServers = await api.iceServers().catch(() => [] as RTCIceServer[]);
    if (this.torn) return;
    const signaling = (this.options.createSignaling ?? ((t) => new SignalingClient(t)))(token);
    this.signaling = signaling;
    this.meshInstance = new PeerMesh({
      signaling,
      media: {
        audioTrack: () => media.audioTrack(),
        outgoingVideo: () => media.outgoingVideo(),
        isScreen: () => media.get().screen !== null,
      },
      iceServers,
    });
    this.wireSignaling(signaling, this.meshInstance);
    this.wireMedia();
  }

  setAudio(enabled: boolean): void {
    this.options.media.setAudioEnabled(enabled);
    this.announceMedia();
  }

  setVideo(enabled: boolean): void {
    this.options.media.setVideoEnabled(enabled);
    this.announceMedia();
  }

  async toggleScreenShare(): Promise<void> {
    const media = this.options.media;
    if (media.get().screen) media.stopScreenShare();
    else await media.startScreenShare();
  }

  setHandRaised(raised: boolean): void {
    this.stateStore.update((s) => ({ ...s, handRaised: raised }));
    this.dispatchSelf({ raised });
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

  private wireSignaling(signaling: SignalingClient, mesh: PeerMesh): void {
    const on = signaling.events.on.bind(signaling.events);
    const self = () => this.stateStore.get().selfSocketId;
    this.cleanup.push(
      signaling.status.subscribe(() => this.connectionStore.set(signaling.status.get())),
      signaling.lifecycle.on('connected', () => void this.join()),
      signaling.lifecycle.on('disconnected', () => {
        this.cancelPendingLeaves();
        mesh.suspend();
      }),
      signaling.lifecycle.on('unauthorized', () =>
        this.fail(new ParleyError('unauthorized', 'Session expired.')),
      ),
      on('existing-participants', (list) =>
        this.dispatch({ type: 'existing', participants: list }),
      ),
      on('user-joined', (p) => {
        this.dispatch({ type: 'joined', participant: p });
        if (p.socketId !== self()) mesh.adopt(p.socketId, p.userId);
      }),
      on('user-left', ({ socketId }) => this.scheduleLeave(socketId)),
      on(
        'offer',
        (m) => void mesh.handleDescription(m.fromSocket, m.fromUserId, m.offer).catch(warn),
      ),
      on(
        'answer',
        (m) => void mesh.handleDescription(m.fromSocket, m.fromUserId, m.answer).catch(warn),
      ),
      on(
        'ice-candidate',
        (m) => void mesh.handleCandidate(m.fromSocket, m.fromUserId, m.candidate).catch(warn),
      ),
      on('media-state', (m) => this.dispatch({ type: 'media', socketId: m.socketId, state: m })),
      on('raise-hand', (m) =>
        this.dispatch({ type: 'hand', socketId: m.socketId, raised: m.raised }),
      ),
      on('chat-message', (m) => this.chat.receive(m)),
      on('meeting-ended', () => this.teardown('ended')),
      ...this.wireModeration(signaling),
      mesh.events.on('renamed', ({ from }) => this.dispatch({ type: 'left', socketId: from })),
      mesh.events.on('expired', (id) => this.dispatch({ type: 'left', socketId: id })),
    );
  }

  /** docs/signaling.md "Moderation": what the call itself does; the rest is Moderation's. */
  private wireModeration(signaling: SignalingClient): Array<() => void> {
    const on = signaling.events.on.bind(signaling.events);
    const m = this.moderation;
    return [
      on('lobby-waiting', () => this.stateStore.update((s) => ({ ...s, phase: 'lobby' }))),
      on('denied', () => this.teardown('denied')),
      on('removed', (e) => {
        this.stateStore.update((s) => ({ ...s, removedBy: e.byUsername }));
        this.teardown('removed');
      }),
      on('muted', (e) => {
        // Our own client turns the track off; nobody else can turn it on again.
        if (e.kind === 'audio') this.setAudio(false);
        else this.setVideo(false);
        m.receive('muted', e);
      }),
      on('role-changed', (e) =>
        this.dispatch({ type: 'role', socketId: e.socketId, role: e.role }),
      ),
      on('unmute-request', (e) => m.receive('unmute-request', e)),
      on('meeting-settings', (e) => m.receive('meeting-settings', e)),
      on('lobby-request', (e) => m.receive('lobby-request', e)),
      on('lobby-resolved', (e) => m.receive('lobby-resolved', e)),
      on('reaction', (e) => m.receive('reaction', e)),
    ];
  }

  private wireMedia(): void {
    let revision = this.options.media.get().revision;
    this.cleanup.push(
      this.options.media.subscribe(() => {
        const state = this.options.media.get();
        if (state.revision === revision) return;
        revision = state.revision;
        this.meshInstance?.refreshTracks();
        this.announceMedia();
      }),
    );
  }

  /** Joins (or, after a reconnect, rejoins) the room with the current media state. */
  private async join(): Promise<void> {
    const signaling = this.signaling;
    if (!signaling || this.torn) return;
    const media = this.mediaState();
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
    const selfId = signaling.id ?? null;
    const others = reply.participants.filter((p) => p.socketId !== selfId);
    const previousSelf = this.stateStore.get().selfSocketId;
    const kept = this.rosterStore.get().filter((p) => p.socketId !== previousSelf);
    this.stateStore.update((s) => ({
      ...s,
      phase: 'in-room',
      meeting: reply.meeting ?? s.meeting,
      selfSocketId: selfId,
    }));
    // Keep people whose media still flows until they reappear under their new socket id.
    const returning = new Set(reply.participants.map((p) => p.userId));
    const waiting = kept.filter((p) => !returning.has(p.userId));
    this.dispatch({ type: 'reset', participants: [...reply.participants, ...waiting] });
    this.dispatchSelf({ screen: media.screen, raised: this.stateStore.get().handRaised });
    this.meshInstance?.resume(others);
    // The server resets screen and hand on every join.
    if (media.screen) signaling.sendMediaState(media);
    if (this.stateStore.get().handRaised) signaling.raiseHand(true);
    if (!this.joinedOnce) {
      this.joinedOnce = true;
      this.installUnloadHook();
    }
    this.loadHistory();
  }

  /**
   * A server going down disconnects everyone one by one, so `user-left` may arrive just
   * before our own socket drops although nobody left. Removal waits LEAVE_CONFIRM_MS; if our
   * socket drops meanwhile, the link is kept (media flows) and re-matched after rejoining.
   */
  private scheduleLeave(socketId: string): void {
    if (this.pendingLeaves.has(socketId)) return;
    const timer = setTimeout(() => {
      this.pendingLeaves.delete(socketId);
      this.dispatch({ type: 'left', socketId });
      this.meshInstance?.remove(socketId);
    }, LEAVE_CONFIRM_MS);
    this.pendingLeaves.set(socketId, timer);
  }

  private cancelPendingLeaves(): void {
    for (const timer of this.pendingLeaves.values()) clearTimeout(timer);
    this.pendingLeaves.clear();
  }

  private loadHistory(): void {
    this.options.api
      .messages(this.options.meeting.meetingId)
      .then((history) => this.chat.addHistory(history))
      .catch(warn);
  }

  private onJoinError(error: unknown): void {
    const failure =
      error instanceof ParleyError ? error : new ParleyError('unknown', String(error));
    if (failure.code === 'timeout' || failure.code === 'already_in_room') return; // reconnect will retry
    if (failure.code === 'meeting_ended') return this.teardown('ended');
    this.fail(failure);
  }

  private installUnloadHook(): void {
    const onUnload = () => this.dispose();
    window.addEventListener('pagehide', onUnload);
    this.cleanup.push(() => window.removeEventListener('pagehide', onUnload));
  }

  private mediaState(): MediaState {
    const m = this.options.media.get();
    const hasAudio = (m.stream?.getAudioTracks().length ?? 0) > 0;
    const hasVideo = (m.stream?.getVideoTracks().length ?? 0) > 0;
    return {
      audio: m.audioEnabled && hasAudio,
      video: m.videoEnabled && hasVideo,
      screen: m.screen !== null,
    };
  }

  private announceMedia(): void {
    const state = this.mediaState();
    this.dispatchSelf(state);
    if (this.stateStore.get().phase === 'in-room') this.signaling?.sendMediaState(state);
  }

  private dispatch(event: RosterEvent): void {
    this.rosterStore.update((roster) => reduceRoster(roster, event));
  }

  private dispatchSelf(change: Partial<MediaState & { raised: boolean }>): void {
    const selfId = this.stateStore.get().selfSocketId;
    if (!selfId) return;
    const current = this.rosterStore.get().find((p) => p.socketId === selfId);
    if (!current) return;
    if (change.audio !== undefined || change.video !== undefined || change.screen !== undefined) {
      const state = {
        audio: change.audio ?? current.audio,
        video: change.video ?? current.video,
        screen: change.screen ?? current.screen,
      };
      this.dispatch({ type: 'media', socketId: selfId, state });
    }
    if (change.raised !== undefined)
      this.dispatch({ type: 'hand', socketId: selfId, raised: change.raised });
  }

  private fail(error: ParleyError): void {
    this.teardown('failed', error);
  }

  private teardown(phase: CallPhase, error: ParleyError | null = null): void {
    if (this.torn) return;
    this.torn = true;
    for (const off of this.cleanup.splice(0)) off();
    this.cancelPendingLeaves();
    this.meshInstance?.close();
    this.moderation.dispose();
    this.signaling?.close();
    this.options.media.stop();
    this.connectionStore.set('closed');
    this.stateStore.update((s) => ({ ...s, phase, error }));
  }
}

function warn(error: unknown): void {
  console.warn('parley:', error);
}
