// What the tiles play (docs/web.md "The SFU"): one RemotePeer per remote participant, from the
// mesh link or the SFU subscription that participant's switch shows. Pure.

import type { LinkAdapt } from './link_adaptation';
import type { RemotePeer } from './remote_peers';
import type { SfuPeer } from './sfu_session';
import type { Topology } from './sfu_events';
import { readCounters, type PeerQuality } from './stats';

/**
 * One entry per socket id from either source; where both have one, the path `shown` names.
 * SFU entries take their quality from `quality` (the mesh's sampler also samples the camera
 * subscriptions: docs/web.md "The SFU") and their adaptation from `adaptViaSfu` (what we
 * publish, and whether they paused their video: docs/web.md "Network adaptation").
 */
export function mergePeers(
  mesh: ReadonlyArray<RemotePeer>,
  sfu: ReadonlyMap<string, SfuPeer>,
  shown: (socketId: string) => Topology,
  quality: ReadonlyMap<string, PeerQuality> = new Map(),
  adaptViaSfu: (socketId: string) => LinkAdapt | undefined = () => undefined,
): RemotePeer[] {
  const out: RemotePeer[] = [];
  const seen = new Set<string>();
  const viaSfu = (peer: SfuPeer): RemotePeer => ({
    ...peer,
    quality: quality.get(peer.socketId) ?? null,
    adapt: adaptViaSfu(peer.socketId),
  });
  for (const peer of mesh) {
    seen.add(peer.socketId);
    const path = shown(peer.socketId); // always asked: a participant's first path is recorded
    const sub = sfu.get(peer.socketId);
    out.push(sub && path === 'sfu' ? viaSfu(sub) : peer);
  }
  for (const peer of sfu.values()) {
    if (!seen.has(peer.socketId) && shown(peer.socketId)) out.push(viaSfu(peer));
  }
  return out;
}

/** Video frames a new path must have decoded, and still be decoding, before a tile moves. */
export const STEADY_FRAMES = 5;

/**
 * Media counters of a path's connections to one participant: decoded video frames and
 * received audio packets, summed (a failing getStats counts as nothing).
 */
export async function pathCounters(
  targets: ReadonlyArray<{ getStats(): Promise<RTCStatsReport> }>,
): Promise<{ frames: number; audio: number }> {
  let frames = 0;
  let audio = 0;
  for (const target of targets) {
    const counters = readCounters(await target.getStats().catch(() => new Map() as never));
    frames += counters.framesDecoded;
    audio += counters.audioPacketsReceived;
  }
  return { frames, audio };
}

/**
 * Whether a path carries media steadily: for someone sending video, at least STEADY_FRAMES
 * decoded and more since the previous probe (`before`); for someone sending none, audio.
 */
export function carries(
  now: { frames: number; audio: number },
  before: { frames: number; audio: number } | undefined,
  expectVideo: boolean,
): boolean {
  if (!expectVideo) return now.audio > 0 || now.frames > 0;
  return now.frames >= STEADY_FRAMES && before !== undefined && now.frames > before.frames;
}
