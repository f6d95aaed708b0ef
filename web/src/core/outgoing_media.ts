// What this client sends on every link: the local audio track and the outgoing video track
// (camera or screen), with the bandwidth rule (docs/web.md, Bandwidth rule) applied to each
// link's video sender.

import { cameraLimits, scaleDownBy, screenLimits } from './bandwidth';
import type { PeerLink } from './peer_link';

/** The local media surface the mesh uses (LocalMedia implements it). */
export interface MeshMedia {
  audioTrack(): MediaStreamTrack | null;
  outgoingVideo(): MediaStreamTrack | null;
  isScreen(): boolean;
}

export class OutgoingMedia {
  /** The one stream every sender is associated with; holds the current local tracks. */
  private readonly stream = new MediaStream();

  constructor(private readonly media: MeshMedia) {}

  /** Puts the current local tracks on `link`, replacing what it sent before. */
  send(link: PeerLink): Promise<unknown> {
    const audio = this.media.audioTrack();
    const video = this.media.outgoingVideo();
    syncStream(this.stream, [audio, video]);
    return Promise.all([
      link.setTrack('audio', audio, this.stream),
      link.setTrack('video', video, this.stream),
    ]);
  }

  /** Caps `link`'s video sender for a mesh of `peerCount` remote peers. */
  async applyLimits(link: PeerLink, peerCount: number): Promise<void> {
    const sender = link.pc.getSenders().find((s) => s.track?.kind === 'video');
    if (!sender || link.pc.signalingState === 'closed') return;
    const limits = this.media.isScreen() ? screenLimits(peerCount) : cameraLimits(peerCount);
    const params = sender.getParameters();
    const encoding = params.encodings?.[0];
    if (!encoding) return; // not negotiated yet: retried on the next 'stable'
    encoding.maxBitrate = limits.maxBitrate;
    encoding.maxFramerate = limits.maxFramerate;
    encoding.scaleResolutionDownBy = scaleDownBy(sender.track?.getSettings().height ?? 0, limits);
    try {
      await sender.setParameters(params);
    } catch (error) {
      console.warn('parley: could not apply video limits', error);
    }
  }
}

function syncStream(stream: MediaStream, tracks: Array<MediaStreamTrack | null>): void {
  const wanted = tracks.filter((t): t is MediaStreamTrack => t !== null);
  for (const t of stream.getTracks()) if (!wanted.includes(t)) stream.removeTrack(t);
  for (const t of wanted) if (!stream.getTracks().includes(t)) stream.addTrack(t);
}
