// One published feed (docs/web.md "The SFU"): the camera (microphone + camera, three simulcast
// layers at 360p or more) or a screen share (its own feed: full resolution, 5 frames/s).

import { debugMark } from './debug_log';
import type { FeedKind } from './sfu_events';
import { withOpusFecDtx } from './opus_fmtp';
import { SfuConnection, type SfuConnectionOptions } from './sfu_connection';
import { cameraEncodings, SCREEN_ENCODING, watchedEncoding } from './sfu_layer';
import { simulcastFor, type Layer, type LayerSetting } from './simulcast_adapt';

/**
 * How long a layer nobody watches any more is still sent (docs/web.md "The SFU", Layers nobody
 * watches): Janus moves a subscriber that asked for a lower layer at that layer's next
 * keyframe and forwards the higher one until then, so turning it off at once froze that video
 * until the keyframe came (seconds on a loaded machine). A layer someone asks for again goes
 * on at once.
 */
export const LAYER_OFF_DELAY_MS = 3000;

export class SfuPublisher extends SfuConnection {
  private audio: RTCRtpTransceiver | null = null;
  private video: RTCRtpTransceiver | null = null;
  /** The video encodings as negotiated (simulcast layers for a camera of 360p or more). */
  layers: readonly Layer[] = [];
  private appliedLayers = '';
  /** What network adaptation allows each layer (null: every layer on, until it says). */
  private allowed: readonly LayerSetting[] | null = null;
  /** The top layer anyone watches (`sfu-watched`); until told, `m` (the two lowest are sent). */
  private watchedTop = 1;
  private lowering: ReturnType<typeof setTimeout> | undefined;
  feed: string | null = null;

  constructor(
    readonly kind: FeedKind,
    options: SfuConnectionOptions,
    private readonly layerOffDelayMs = LAYER_OFF_DELAY_MS,
  ) {
    super(options);
    this.markSteps(`self:${kind}`);
  }

  /** Adds the tracks, offers, and applies the SFU's answer; rejects on a refused publish. */
  async start(audio: MediaStreamTrack | null, video: MediaStreamTrack | null): Promise<void> {
    const stream = new MediaStream([audio, video].filter((t) => t !== null));
    if (this.kind === 'camera') {
      // Audio first (docs/web.md "Network adaptation"): its packets go out ahead of video.
      this.audio = this.pc.addTransceiver(audio ?? 'audio', {
        direction: 'sendonly',
        streams: [stream],
        sendEncodings: [{ priority: 'high', networkPriority: 'high' }],
      });
    }
    if (video && this.kind === 'screen') video.contentHint = 'detail';
    const height = video?.getSettings().height ?? 0;
    this.layers = this.kind === 'screen' ? [SCREEN_ENCODING] : cameraEncodings(height);
    this.video = this.pc.addTransceiver(video ?? 'video', {
      direction: 'sendonly',
      streams: [stream],
      sendEncodings: this.layers.map((l) => ({ ...l })),
    });
    await this.pc.setLocalDescription();
    const self = { peer: `self:${this.kind}` };
    debugMark('sfu-publish-sent', self);
    const reply = await this.options.signaling.sfu('sfu-publish', {
      kind: this.kind,
      offer: { type: 'offer', sdp: this.pc.localDescription?.sdp ?? '' },
    });
    debugMark('sfu-answer-received', self);
    if (this.isClosed) return;
    this.feed = reply.feed;
    this.setId(reply.pc);
    // In-band FEC and DTX for the audio we send, as on the mesh (docs/web.md "Network
    // adaptation"): Janus forwards both untouched.
    const sdp = reply.answer.sdp ? withOpusFecDtx(reply.answer.sdp) : reply.answer.sdp;
    await this.pc.setRemoteDescription({ ...reply.answer, sdp });
    // The offer listed every layer as active, as Janus has always been given them; before any
    // media flows, the layers nobody watches yet go off.
    await this.applyEncodings();
    await this.flushRemoteCandidates();
    this.armWatchdog();
  }

  /** Sends the current local tracks (a toggle or device switch); no renegotiation. */
  async setTracks(audio: MediaStreamTrack | null, video: MediaStreamTrack | null): Promise<void> {
    if (this.isClosed) return;
    await Promise.all([
      this.audio && this.audio.sender.track !== audio
        ? this.audio.sender.replaceTrack(audio)
        : null,
      this.video && this.video.sender.track !== video
        ? this.video.sender.replaceTrack(video)
        : null,
    ]);
  }

  /** Whether we send live, enabled video on this feed (adaptation runs only then). */
  sendsVideo(): boolean {
    const track = this.video?.sender.track;
    return !!track && track.enabled && track.readyState === 'live';
  }

  /**
   * Applies network adaptation's layer settings (simulcast_adapt.ts), less the layers nobody
   * watches, with one setParameters, only when that differs from the last applied.
   */
  async applyLayers(settings: readonly LayerSetting[]): Promise<void> {
    this.allowed = settings;
    await this.applyEncodings();
  }

  /**
   * The top layer anyone watches changed (`sfu-watched`, -1 for nobody): a higher one is sent
   * at once, a lower one is kept to LAYER_OFF_DELAY_MS later (unless it rises again).
   */
  async setWatched(substream: number): Promise<void> {
    clearTimeout(this.lowering);
    this.lowering = undefined;
    if (substream < this.watchedTop) {
      this.lowering = setTimeout(() => {
        this.lowering = undefined;
        this.watchedTop = substream;
        void this.applyEncodings();
      }, this.layerOffDelayMs);
      return;
    }
    this.watchedTop = substream;
    await this.applyEncodings();
  }

  /** The layers worth sending now that anyone watches (network adaptation aside). */
  watchedLayers(): readonly Layer[] {
    return this.layers.filter((_, i) => watchedEncoding(i, this.layers.length, this.watchedTop));
  }

  private async applyEncodings(): Promise<void> {
    const sender = this.video?.sender;
    const allowed = this.allowed ?? simulcastFor(false, this.layers);
    const settings = allowed.map((s, i) => ({
      ...s,
      active: s.active && watchedEncoding(i, allowed.length, this.watchedTop),
    }));
    const key = JSON.stringify(settings);
    if (!sender || this.isClosed || key === this.appliedLayers) return;
    const params = sender.getParameters();
    if (params.encodings.length !== settings.length) return; // not negotiated yet
    params.encodings.forEach((e, i) => Object.assign(e, settings[i]));
    this.appliedLayers = key;
    await sender.setParameters(params).catch((error: unknown) => {
      this.appliedLayers = '';
      console.warn('parley: could not apply SFU layers', error);
    });
  }

  /** The encodings sent now, by rid (or index): for tests and diagnostics. */
  activeLayers(): string[] {
    const encodings = this.video?.sender.getParameters().encodings ?? [];
    return encodings.flatMap((e, i) => (e.active === false ? [] : [e.rid ?? String(i)]));
  }

  /** Stops the feed: the others get `sfu-feed-removed`. */
  unpublish(): void {
    clearTimeout(this.lowering);
    this.close('sfu-unpublish');
  }
}
