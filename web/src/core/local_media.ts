// The local camera, microphone and screen: acquisition with fallbacks, device choice,
// mute/camera toggles and screen sharing. Observable so the mesh and the UI follow changes.

import { debugMark } from './debug_log';
import { loadDevicePrefs, preferred, saveDevicePref } from './device_prefs';
import { ParleyError } from './errors';
import { Store, type Readable } from './observable';
import type { MediaState } from './types';

export interface LocalMediaState {
  /** Camera + microphone (tracks are swapped in place when devices change). */
  stream: MediaStream | null;
  screen: MediaStreamTrack | null;
  audioEnabled: boolean;
  videoEnabled: boolean;
  audioInputId: string | null;
  videoInputId: string | null;
  audioOutputId: string | null;
  devices: MediaDeviceInfo[];
  error: ParleyError | null;
  /** Bumped whenever a track is added, removed or replaced. */
  revision: number;
}

const VIDEO_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30 },
};

export class LocalMedia implements Readable<LocalMediaState> {
  private readonly store = new Store<LocalMediaState>({
    stream: null,
    screen: null,
    audioEnabled: true,
    videoEnabled: true,
    audioInputId: null,
    videoInputId: null,
    audioOutputId: loadDevicePrefs().audioOutputId ?? null,
    devices: [],
    error: null,
    revision: 0,
  });
  private stopped = false;
  private readonly onDeviceChange = () => void this.refreshDevices();

  constructor(
    private readonly media: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
  ) {
    this.media?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  get = (): LocalMediaState => this.store.get();
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  /** The video track the others should see: the screen while sharing, else the camera. */
  outgoingVideo(): MediaStreamTrack | null {
    const s = this.store.get();
    return s.screen ?? s.stream?.getVideoTracks()[0] ?? null;
  }

  /** The camera alone (the SFU sends a screen share as its own feed). */
  cameraTrack(): MediaStreamTrack | null {
    return this.store.get().stream?.getVideoTracks()[0] ?? null;
  }

  screenTrack(): MediaStreamTrack | null {
    return this.store.get().screen;
  }

  audioTrack(): MediaStreamTrack | null {
    return this.store.get().stream?.getAudioTracks()[0] ?? null;
  }

  isScreen(): boolean {
    return this.store.get().screen !== null;
  }

  /** What the others are told (`media-state`): audio or video is on only with a track. */
  announced(): MediaState {
    const m = this.store.get();
    const hasAudio = (m.stream?.getAudioTracks().length ?? 0) > 0;
    const hasVideo = (m.stream?.getVideoTracks().length ?? 0) > 0;
    return {
      audio: m.audioEnabled && hasAudio,
      video: m.videoEnabled && hasVideo,
      screen: m.screen !== null,
    };
  }

  /**
   * Opens camera and microphone, falling back to whichever one works. Resolves with the
   * stream in place; the device list follows (a join does not wait for it: docs/web.md
   * "Join sequence").
   */
  async start(): Promise<void> {
    if (this.store.get().stream || !this.media) {
      if (!this.media)
        this.patch({ error: new ParleyError('media_unavailable', 'No media devices.') });
      return;
    }
    // The devices chosen last time, when they are still there (ideal, not exact).
    const prefs = loadDevicePrefs();
    const audio = { ...preferred(prefs.audioInputId) };
    const video = { ...VIDEO_CONSTRAINTS, ...preferred(prefs.videoInputId) };
    const attempts: MediaStreamConstraints[] = [
      { audio, video },
      { audio, video: false },
      { audio: false, video },
    ];
    let lastError: unknown = null;
    debugMark('media-start');
    for (const constraints of attempts) {
      try {
        const stream = await this.media.getUserMedia(constraints);
        if (this.stopped) return stopAll(stream);
        debugMark('media-ready');
        this.adoptStream(stream);
        void this.refreshDevices();
        return;
      } catch (error) {
        lastError = error;
        if (isDenied(error)) break;
      }
    }
    const denied = isDenied(lastError);
    this.patch({
      stream: new MediaStream(),
      error: new ParleyError(denied ? 'media_denied' : 'media_unavailable', String(lastError)),
    });
    void this.refreshDevices();
  }

  setAudioEnabled(enabled: boolean): void {
    for (const track of this.store.get().stream?.getAudioTracks() ?? []) track.enabled = enabled;
    this.patch({ audioEnabled: enabled });
  }

  setVideoEnabled(enabled: boolean): void {
    for (const track of this.store.get().stream?.getVideoTracks() ?? []) track.enabled = enabled;
    this.patch({ videoEnabled: enabled });
  }

  /** Switches the microphone or camera to `deviceId`, keeping the enabled state. */
  async selectInput(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    const stream = this.store.get().stream;
    if (!this.media || !stream) return;
    const constraints: MediaStreamConstraints =
      kind === 'audio'
        ? { audio: { deviceId: { exact: deviceId } } }
        : { video: { ...VIDEO_CONSTRAINTS, deviceId: { exact: deviceId } } };
    const fresh = await this.media.getUserMedia(constraints);
    const track = kind === 'audio' ? fresh.getAudioTracks()[0] : fresh.getVideoTracks()[0];
    if (!track || this.stopped) return stopAll(fresh);
    const state = this.store.get();
    track.enabled = kind === 'audio' ? state.audioEnabled : state.videoEnabled;
    for (const old of kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks()) {
      stream.removeTrack(old);
      old.stop();
    }
    stream.addTrack(track);
    const change = kind === 'audio' ? { audioInputId: deviceId } : { videoInputId: deviceId };
    saveDevicePref(change);
    this.patch(change, true);
  }

  selectOutput(deviceId: string): void {
    saveDevicePref({ audioOutputId: deviceId });
    this.patch({ audioOutputId: deviceId });
  }

  /** Starts sharing a screen; resolves false if the person cancelled the picker. */
  async startScreenShare(): Promise<boolean> {
    if (!this.media?.getDisplayMedia || this.store.get().screen) return false;
    let display: MediaStream;
    try {
      display = await this.media.getDisplayMedia({
        video: { frameRate: { ideal: 15 } },
        audio: false,
      });
    } catch {
      return false;
    }
    const track = display.getVideoTracks()[0];
    if (!track || this.stopped) {
      stopAll(display);
      return false;
    }
    track.contentHint = 'detail';
    // The browser's own "Stop sharing" button ends the track.
    track.addEventListener('ended', () => this.stopScreenShare(), { once: true });
    this.patch({ screen: track }, true);
    return true;
  }

  stopScreenShare(): void {
    const screen = this.store.get().screen;
    if (!screen) return;
    screen.stop();
    this.patch({ screen: null }, true);
  }

  /** Stops every track and forgets listeners. Idempotent. */
  stop(): void {
    this.stopped = true;
    this.media?.removeEventListener?.('devicechange', this.onDeviceChange);
    const { stream, screen } = this.store.get();
    if (stream) stopAll(stream);
    screen?.stop();
    this.patch({ stream: null, screen: null }, true);
  }

  private adoptStream(stream: MediaStream): void {
    const state = this.store.get();
    for (const t of stream.getAudioTracks()) t.enabled = state.audioEnabled;
    for (const t of stream.getVideoTracks()) t.enabled = state.videoEnabled;
    this.patch(
      {
        stream,
        error: null,
        audioInputId: stream.getAudioTracks()[0]?.getSettings().deviceId ?? null,
        videoInputId: stream.getVideoTracks()[0]?.getSettings().deviceId ?? null,
      },
      true,
    );
  }

  private async refreshDevices(): Promise<void> {
    if (!this.media?.enumerateDevices) return;
    try {
      const devices = await this.media.enumerateDevices();
      this.patch({ devices: devices.filter((d) => d.deviceId !== '') });
    } catch {
      // Device listing is optional.
      return;
    }
    await this.followUnplugged();
  }

  /** devicechange: a camera or microphone in use that was unplugged is replaced by the first
   * one still there (each connection then gets the new track through replaceTrack). */
  private async followUnplugged(): Promise<void> {
    const { stream, devices } = this.store.get();
    if (!stream || this.stopped) return;
    for (const kind of ['audio', 'video'] as const) {
      const track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
      if (!track || track.readyState !== 'ended') continue;
      const next = devices.find((d) => d.kind === `${kind}input`);
      if (next) await this.selectInput(kind, next.deviceId).catch(() => undefined);
    }
  }

  private patch(change: Partial<LocalMediaState>, tracksChanged = false): void {
    this.store.update((s) => ({ ...s, ...change, revision: s.revision + (tracksChanged ? 1 : 0) }));
  }
}

function stopAll(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

function isDenied(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'NotAllowedError' || name === 'SecurityError';
}
