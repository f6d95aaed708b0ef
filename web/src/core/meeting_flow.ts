// The steps from opening a meeting link to being in the room and out again:
// loading -> prejoin -> joining -> in-call -> ended | left, with errors in between.

import type { MeetingCall } from './call';
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

  constructor(
    private readonly session: Session,
    readonly meetingId: string,
    private readonly options: FlowOptions,
    private readonly seams: FlowSeams = {},
  ) {}

  get = (): FlowState => this.store.get();
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  /** Opens camera and microphone and looks the meeting up; joins at once with autojoin. */
  open(): void {
    if (this.opened) return;
    this.opened = true;
    debugMark('flow-open');
    this.openMedia();
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
      const meeting = await this.session.api.joinMeeting(
        this.meetingId,
        input.password || undefined,
      );
      await this.mediaReady;
      const media = this.store.get().media;
      if (!media || !this.opened) return;
      // The call code (signaling, mesh) is a separate chunk: the first screen doesn't need it.
      const { MeetingCall } = await import('./call');
      debugMark('call-loaded');
      const call = new MeetingCall({
        api: this.session.api,
        token: auth.token,
        user: auth.user,
        meeting,
        media,
        ...(input.password ? { password: input.password } : {}),
        ...(this.seams.createSignaling ? { createSignaling: this.seams.createSignaling } : {}),
      });
      this.attach(call);
      this.patch({ step: 'in-call', meeting, call });
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
  }

  /** Releases camera, microphone and any call. Safe to call twice; `open` works again after. */
  close(): void {
    this.opened = false;
    this.release();
    this.patch({ media: null, call: null });
  }

  private async prepare(): Promise<void> {
    const auth = this.session.get();
    if (auth.status === 'loading') {
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
      this.patch({ step: 'prejoin' });
      if (this.options.autojoin) await this.join({ name: this.options.name || 'Guest' });
      return;
    }
    try {
      const meeting = await this.session.api.meeting(this.meetingId);
      if (meeting.status === 'ended') return this.patch({ step: 'ended', meeting });
      const needsPassword = meeting.hasPassword && meeting.hostId !== current.user.id;
      this.patch({ step: 'prejoin', meeting, needsPassword });
      if (this.options.autojoin && !needsPassword) await this.join();
    } catch (error) {
      this.onJoinError(error);
    }
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

  private attach(call: MeetingCall): void {
    this.detachCall?.();
    this.detachCall = call.state.subscribe(() => {
      const { phase, error } = call.state.get();
      if (phase === 'ended') this.patch({ step: 'ended' });
      else if (phase === 'left') this.patch({ step: 'left' });
      else if (phase === 'removed' || phase === 'denied') this.patch({ step: phase });
      else if (phase === 'failed') {
        // The call released the camera; the pre-join screen needs a fresh preview.
        this.patch({ call: null });
        this.openMedia();
        this.onJoinError(error);
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
