// What the tiles play (docs/web.md "The SFU"): one RemotePeer per remote participant, from the
// mesh link or the SFU subscription that participant's switch shows. Pure.

import type { RemotePeer } from './remote_peers';
import type { SfuPeer } from './sfu_session';
import type { Topology } from './sfu_events';
import { readCounters } from './stats';

/**
 * One entry per socket id from either source; where both have one, the path `shown` names.
 * SFU entries carry no quality figures (the stats sampler measures mesh links).
 */
export function mergePeers(
  mesh: ReadonlyArray<RemotePeer>,
  sfu: ReadonlyMap<string, SfuPeer>,
  shown: (socketId: string) => Topology,
): RemotePeer[] {
  const out: RemotePeer[] = [];
  const seen = new Set<string>();
  for (const peer of mesh) {
    seen.add(peer.socketId);
    const path = shown(peer.socketId); // always asked: a participant's first path is recorded
    const viaSfu = sfu.get(peer.socketId);
    out.push(viaSfu && path === 'sfu' ? { ...viaSfu, quality: null } : peer);
  }
  for (const peer of sfu.values()) {
    if (!seen.has(peer.socketId) && shown(peer.socketId)) out.push({ ...peer, quality: null });
  }
  return out;
}

/**
 * Whether a path's connections to one participant carry media: decoded video frames, or,
 * for someone sending no video, received audio packets.
 */
export async function carriesMedia(
  targets: ReadonlyArray<{ getStats(): Promise<RTCStatsReport> }>,
  expectVideo: boolean,
): Promise<boolean> {
  for (const target of targets) {
    const counters = readCounters(await target.getStats().catch(() => new Map() as never));
    if (counters.framesDecoded > 0) return true;
    if (!expectVideo && counters.audioPacketsReceived > 0) return true;
  }
  return false;
}
