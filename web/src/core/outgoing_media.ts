// What this client sends on every link: the local audio track and the outgoing video track
// (camera or screen), with each link's video encoding from the network adaptation rule
// (docs/web.md "Network adaptation") within the bandwidth rule's ceiling, and audio first.

import { encodingFor, INITIAL, type AdaptState, type VideoEncoding } from './net_adapt';
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

  /** Whether `link` sends a live, enabled video track (the adaptation rule runs only then). */
  sendsVideo(link: PeerLink): boolean {
    const track = link.pc.getSenders().find((x) => x.track?.kind === 'video')?.track;
    return !!track && track.enabled && track.readyState === 'live';
  }

  /**
   * Sets `link`'s video encoding for a mesh of `peerCount` remote peers and the link's
   * adaptation state, and marks its audio high priority; calls setParameters only on a change.
   * `recheck` reads the sender's parameters even when the patch is the one applied last (after
   * a negotiation, which may have reset them).
   */
  async applyLimits(
    link: PeerLink,
    peerCount: number,
    adapt: AdaptState = INITIAL,
    recheck = false,
  ) {
    if (link.pc.signalingState === 'closed') return;
    const senders = link.pc.getSenders();
    const video = senders.find((s) => s.track?.kind === 'video');
    const audio = senders.find((s) => s.track?.kind === 'audio');
    const height = video?.track?.getSettings().height ?? 0;
    const content = this.media.isScreen() ? 'screen' : 'camera';
    await Promise.all([
      video && update(video, encodingFor(adapt, content, peerCount, height), recheck),
      audio && update(audio, { priority: 'high', networkPriority: 'high' }, recheck),
    ]);
  }
}

type EncodingPatch = Partial<VideoEncoding> & Partial<RTCRtpEncodingParameters>;

/** The patch last applied to each sender. getParameters() is a synchronous hop to WebRTC's
 * own threads that blocks the page while they are busy (hundreds of ms a second with four
 * peers on a loaded machine), so an unchanged patch, the usual case each second, skips it. */
const applied = new WeakMap<RTCRtpSender, string>();

async function update(sender: RTCRtpSender, patch: EncodingPatch, force: boolean): Promise<void> {
  const key = JSON.stringify(patch);
  if (!force && applied.get(sender) === key) return;
  const params = sender.getParameters();
  const encoding = params.encodings?.[0] as Record<string, unknown> | undefined;
  if (!encoding) return; // not negotiated yet: retried on the next 'stable'
  const { degradationPreference, ...fields } = patch;
  const changed =
    Object.entries(fields).some(([k, v]) => encoding[k] !== v) ||
    (degradationPreference !== undefined && params.degradationPreference !== degradationPreference);
  applied.set(sender, key);
  if (!changed) return;
  Object.assign(encoding, fields);
  if (degradationPreference) params.degradationPreference = degradationPreference;
  try {
    await sender.setParameters(params);
  } catch (error) {
    // A browser that refuses degradationPreference still gets the encoding itself.
    delete params.degradationPreference;
    const again = degradationPreference ? sender.setParameters(params) : Promise.reject(error);
    await again.catch((e: unknown) => {
      applied.delete(sender); // tried again next second
      console.warn('parley: could not apply encoding', e);
    });
  }
}

function syncStream(stream: MediaStream, tracks: Array<MediaStreamTrack | null>): void {
  const wanted = tracks.filter((t): t is MediaStreamTrack => t !== null);
  for (const t of stream.getTracks()) if (!wanted.includes(t)) stream.removeTrack(t);
  for (const t of wanted) if (!stream.getTracks().includes(t)) stream.addTrack(t);
}
