// One published feed (docs/web.md "The SFU"): the camera (microphone + camera, three simulcast
// layers at 360p or more) or a screen share (its own feed: full resolution, 5 frames/s).

import type { FeedKind } from './sfu_events';
import { withOpusFecDtx } from './opus_fmtp';
import { SfuConnection, type SfuConnectionOptions } from './sfu_connection';
import { cameraEncodings, SCREEN_ENCODING } from './sfu_layer';

export class SfuPublisher extends SfuConnection {
  private audio: RTCRtpTransceiver | null = null;
  private video: RTCRtpTransceiver | null = null;
  feed: string | null = null;

  constructor(
    readonly kind: FeedKind,
    options: SfuConnectionOptions,
  ) {
    super(options);
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
    this.video = this.pc.addTransceiver(video ?? 'video', {
      direction: 'sendonly',
      streams: [stream],
      sendEncodings: this.kind === 'screen' ? [SCREEN_ENCODING] : cameraEncodings(height),
    });
    await this.pc.setLocalDescription();
    const reply = await this.options.signaling.sfu('sfu-publish', {
      kind: this.kind,
      offer: { type: 'offer', sdp: this.pc.localDescription?.sdp ?? '' },
    });
    if (this.isClosed) return;
    this.feed = reply.feed;
    this.setId(reply.pc);
    // In-band FEC and DTX for the audio we send, as on the mesh (docs/web.md "Network
    // adaptation"): Janus forwards both untouched.
    const sdp = reply.answer.sdp ? withOpusFecDtx(reply.answer.sdp) : reply.answer.sdp;
    await this.pc.setRemoteDescription({ ...reply.answer, sdp });
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

  /** Stops the feed: the others get `sfu-feed-removed`. */
  unpublish(): void {
    this.close('sfu-unpublish');
  }
}
