// The steps from opening a meeting link to being in the room and out again:
// loading -> prejoin -> joining -> in-call -> ended | left, with errors in between.
// Everything a join needs starts at once rather than one after another (docs/web.md "Join
// sequence"): the camera and the call's code when the page opens, and the Socket.IO
// connection, the ICE servers and the meeting record as soon as a token is known.

import type { JoinPrep, MeetingCall } from './call';
import { debugMark } from './debug_log';
import { ParleyError } from './errors';
import { LocalMedia } from './local_media';
import { Store, type Readable } from './observable';
import type { Session } from './session';
import type { SignalingClient } from './signaling';
import type { Meeting } from './types';

export type FlowStep =
  'loading' | 'prejoin' | 'joining' | 'in-call' | 'ended' | 'left' | 'error' | 'removed' | 'denied';

export interface FlowState {
  step: FlowStep;
  meeting: Meeting | null;
  /** The meeting needs a password from this person. */
  needsPassword: boolean;
  error: ParleyError | null;
  media: LocalMedia | null;
  call: MeetingCall | null;
}

export interface FlowOptions {
  autojoin: boolean;
  /** Display name for a guest (from `?name=`). */
  name: string;
}

type CallModule = typeof import('./call');

/** The flow's options from a meeting link's query (`?name=Alice&autojoin=1`). */
export function flowOptions(search: URLSearchParams): FlowOptions {
  return { autojoin: search.get('autojoin') === '1', name: search.get('name') ?? '' };
}

/** Where the flow gets its media and signaling (tests pass fakes; the app the defaults). */
export interface FlowSeams {
  createMedia?: () => LocalMedia;
  createSignaling?: (token: string) => SignalingClient;
}

export class MeetingFlow implements Readable<FlowState> {
  private readonly store = new Store<FlowState>({
    step: 'loading',
    meeting: null,
    needsPassword: false,
    error: null,
    media: null,
    call: null,
  });
  private mediaReady: Promise<void> = Promise.resolve();
  private detachCall: (() => void) | null = null;
  private opened = false;
  private callModule: Promise<CallModule> | null = null;
  /** The connection, ICE servers and meeting being fetched for the current token. */
  private prep: { token: string; ready: Promise<JoinPrep> } | null = null;

  constructor(
    readonly session: Session,
    readonly meetingId: string,
    private readonly options: FlowOptions,
    private readonly seams: FlowSeams = {},
  ) {}

  get = (): FlowState => this.store.get();
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  /**
   * Opens camera and microphone, loads the call's code and, with a token at hand, connects
   * and looks the meeting up; joins at once with autojoin.
   */
  open(): void {
    if (this.opened) return;
    this.opened = true;
    debugMark('flow-open');
    this.openMedia();
    void this.loadCall().catch(() => undefined); // a failed load surfaces in join()
    void this.prepare();
  }

  /** Joins with what the pre-join screen collected. */
  async join(input: { name?: string; password?: string } = {}): Promise<void> {
    const { step } = this.store.get();
    if (step === 'joining' || step === 'in-call') return;
    this.patch({ step: 'joining', error: null });
    try {
      let auth = this.session.get();
      if (auth.status !== 'signed-in') {
        await this.session.continueAsGuest((input.name ?? this.options.name).trim());
        auth = this.session.get();
      }
      if (auth.status !== 'signed-in') throw new ParleyError('unauthorized', 'Not signed in.');
      const prep = await this.warm(auth.token);
      const [meeting, iceServers, { MeetingCall }] = await Promise.all([
        prep.meeting,
        prep.iceServers,
        this.loadCall(),
        this.mediaReady,
      ]);
      if (meeting.status === 'ended') return this.patch({ step: 'ended', meeting });
      if (!input.password && meeting.hasPassword && meeting.hostId !== auth.user.id)
        return this.patch({ step: 'prejoin', meeting, needsPassword: true });
      const media = this.store.get().media;
      if (!media || !this.opened || this.prep?.token !== prep.token) return;
      this.prep = null;
      const call = new MeetingCall({
        api: this.session.api,
        token: auth.token,
        user: auth.user,
        meeting,
        media,
        signaling: prep.take(),
        iceServers,
        ...(input.password ? { password: input.password } : {}),
      });
      this.attach(call, input.password);
      // The room shows once the server let us in (or holds us in its lobby): a refused join
      // (wrong password, meeting ended) goes back to the pre-join screen without it.
      this.patch({ meeting, call });
      await call.start();
    } catch (error) {
      this.onJoinError(error, input.password);
    }
  }

  /** Back to the pre-join screen after leaving, with fresh media. */
  rejoin(): void {
    this.release();
    this.patch({ step: 'prejoin', call: null, error: null });
    this.openMedia();
    this.warmAgain();
  }

  /**
   * Releases camera, microphone, any call and any connection opened ahead. Safe to call
   * twice; `open` works again after.
   */
  close(): void {
    this.opened = false;
    this.release();
    this.dropPrep();
    this.patch({ media: null, call: null });
  }

  private async prepare(): Promise<void> {
    // A stored token is probably still good: connect with it while it is being checked.
    const stored = this.session.get().status === 'loading' ? this.session.token() : null;
    if (stored) void this.warm(stored).catch(() => undefined);
    if (this.session.get().status === 'loading') {
      await new Promise<void>((resolve) => {
        const off = this.session.subscribe(() => {
          if (this.session.get().status !== 'loading') {
            off();
            resolve();
          }
        });
      });
    }
    const current = this.session.get();
    if (current.status !== 'signed-in') {
      this.dropPrep();
      this.patch({ step: 'prejoin' });
      if (this.options.autojoin) await this.join({ name: this.options.name || 'Guest' });
      return;
    }
    try {
      const meeting = await (await this.warm(current.token)).meeting;
      if (meeting.status === 'ended') return this.patch({ step: 'ended', meeting });
      const needsPassword = meeting.hasPassword && meeting.hostId !== current.user.id;
      this.patch({ step: 'prejoin', meeting, needsPassword });
      if (this.options.autojoin && !needsPassword) await this.join();
    } catch (error) {
      this.onJoinError(error);
    }
  }

  /** The call's code (a separate chunk: the first screen doesn't need it), loaded once. */
  private loadCall(): Promise<CallModule> {
    this.callModule ??= import('./call').then((module) => {
      debugMark('call-loaded');
      return module;
    });
    return this.callModule;
  }

  /** Starts (once per token) the connection, ICE servers and meeting lookup a join needs. */
  private warm(token: string): Promise<JoinPrep> {
    if (this.prep?.token !== token) {
      this.dropPrep();
      const ready = this.loadCall().then(
        ({ JoinPrep }) =>
          new JoinPrep({
            api: this.session.api,
            token,
            meetingId: this.meetingId,
            ...(this.seams.createSignaling ? { createSignaling: this.seams.createSignaling } : {}),
          }),
      );
      this.prep = { token, ready };
    }
    return this.prep.ready;
  }

  /** After a call, the next join gets a fresh connection ready on the pre-join screen. */
  private warmAgain(): void {
    const auth = this.session.get();
    if (auth.status === 'signed-in') void this.warm(auth.token).catch(() => undefined);
  }

  private dropPrep(): void {
    const prep = this.prep;
    this.prep = null;
    void prep?.ready.then((p) => p.dispose()).catch(() => undefined);
  }

  private onJoinError(error: unknown, password?: string): void {
    const failure =
      error instanceof ParleyError ? error : new ParleyError('unknown', String(error));
    if (failure.code === 'meeting_ended') return this.patch({ step: 'ended', error: null });
    if (failure.code === 'wrong_password') {
      const message = password
        ? failure
        : new ParleyError('wrong_password', 'This meeting needs a password.');
      return this.patch({ step: 'prejoin', needsPassword: true, error: password ? message : null });
    }
    if (failure.code === 'not_found') return this.patch({ step: 'error', error: failure });
    this.patch({ step: 'prejoin', error: failure });
  }

  private attach(call: MeetingCall, password?: string): void {
    this.detachCall?.();
    this.detachCall = call.state.subscribe(() => {
      const { phase, error } = call.state.get();
      if (phase === 'in-room' || phase === 'lobby') {
        if (this.store.get().step === 'joining') this.patch({ step: 'in-call' });
      } else if (phase === 'ended') this.patch({ step: 'ended' });
      else if (phase === 'left') this.patch({ step: 'left' });
      else if (phase === 'removed' || phase === 'denied') this.patch({ step: phase });
      else if (phase === 'failed') {
        // The call released the camera; the pre-join screen needs a fresh preview.
        this.patch({ call: null });
        this.openMedia();
        this.warmAgain();
        this.onJoinError(error, password);
      }
    });
  }

  private openMedia(): void {
    const media = this.seams.createMedia?.() ?? new LocalMedia();
    this.patch({ media });
    this.mediaReady = media.start();
  }

  private release(): void {
    this.detachCall?.();
    this.detachCall = null;
    const { call, media } = this.store.get();
    call?.dispose();
    media?.stop();
  }

  private patch(change: Partial<FlowState>): void {
    this.store.update((s) => ({ ...s, ...change }));
  }
}
