// Lays out tiles: an even grid for 1-8 people, or one large tile (a shared screen) with
// the others in a strip beside or below it.

import { useMemo } from 'react';
import { useActiveSpeaker } from '../../hooks/use_active_speaker';
import { useCall } from '../../hooks/use_call';
import { useLocalMedia } from '../../hooks/use_local_media';
import { usePeers } from '../../hooks/use_peers';
import { useRoster } from '../../hooks/use_roster';
import { ScreenPreviewTile, VideoTile } from './video_tile';

export function VideoGrid() {
  const call = useCall();
  const { participants, self } = useRoster();
  const peers = usePeers();
  const speaker = useActiveSpeaker();
  const media = useLocalMedia(call.media);
  const screenTrack = media?.screen ?? null;
  const screenStream = useMemo(
    () => (screenTrack ? new MediaStream([screenTrack]) : null),
    [screenTrack],
  );

  const others = participants.filter((p) => p.socketId !== self?.socketId);
  const presenter = others.find((p) => p.screen) ?? null;
  const ordered = self ? [self, ...others] : others;
  const spotlight = presenter !== null || screenStream !== null;

  const tiles = ordered.map((p) => {
    const isSelf = p.socketId === self?.socketId;
    return (
      <VideoTile
        key={p.socketId}
        participant={isSelf ? { ...p, screen: false } : p}
        stream={isSelf ? (media?.stream ?? null) : (peers.get(p.socketId)?.stream ?? null)}
        self={isSelf}
        speaking={p.socketId === speaker}
        peer={peers.get(p.socketId)}
        sinkId={media?.audioOutputId}
        large={presenter?.socketId === p.socketId}
      />
    );
  });

  if (!spotlight) {
    return (
      <div className="grid" data-count={Math.min(ordered.length, 9)}>
        {tiles}
      </div>
    );
  }
  // A remote presenter's tile leads; our own shared screen is previewed locally.
  const lead = presenter ? tiles.find((t) => t.key === presenter.socketId) : null;
  return (
    <div className="spotlight">
      <div className="spotlight-main">
        {lead ?? (screenStream && <ScreenPreviewTile stream={screenStream} />)}
      </div>
      <div className="spotlight-strip">{tiles.filter((t) => t !== lead)}</div>
    </div>
  );
}
