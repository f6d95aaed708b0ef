// Lays out tiles (docs/web.md "Layouts"): an even grid for 1-8 people, or one large tile with
// the others in a strip. The large tile is, in order: a tile we pinned (for ourselves only),
// a shared screen, and in speaker view the active speaker (else the first remote person).
// Self-view can be hidden; reactions show on the sender's tile.

import { useMemo } from 'react';
import { useActiveSpeaker } from '../../hooks/use_active_speaker';
import { useCall } from '../../hooks/use_call';
import { useLocalMedia } from '../../hooks/use_local_media';
import { useModeration } from '../../hooks/use_moderation';
import { usePeers } from '../../hooks/use_peers';
import { useRoster } from '../../hooks/use_roster';
import { worstLevel } from './adapt_notice';
import { ScreenPreviewTile, VideoTile } from './video_tile';

export type Layout = 'grid' | 'speaker';

export interface LayoutChoice {
  layout: Layout;
  pinned: string | null;
  hideSelf: boolean;
  onPin: (socketId: string | null) => void;
}

export function VideoGrid({ layout, pinned, hideSelf, onPin }: LayoutChoice) {
  const call = useCall();
  const { participants, self } = useRoster();
  const peers = usePeers();
  const speaker = useActiveSpeaker();
  const { reactions } = useModeration();
  const media = useLocalMedia(call.media);
  const screenTrack = media?.screen ?? null;
  const screenStream = useMemo(
    () => (screenTrack ? new MediaStream([screenTrack]) : null),
    [screenTrack],
  );

  const others = participants.filter((p) => p.socketId !== self?.socketId);
  const presenter = others.find((p) => p.screen) ?? null;
  const shownSelf = self && !hideSelf ? [self] : [];
  const ordered = [...shownSelf, ...others];
  const pinnedHere = others.find((p) => p.socketId === pinned) ?? null;
  const speaking = others.find((p) => p.socketId === speaker) ?? others[0] ?? null;
  const leadId =
    pinnedHere?.socketId ??
    presenter?.socketId ??
    (layout === 'speaker' ? (speaking?.socketId ?? null) : null);
  // What we send, over all links; name the people it is paused or reduced for, unless all.
  const levels = others.map((p) => peers.get(p.socketId)?.adapt?.sending ?? 'full');
  const level = worstLevel(levels);
  const hit = others.filter((_, i) => levels[i] === level).map((p) => p.username);
  const sending = { level, to: hit.length < others.length ? hit : [] };
  const reactionOf = (socketId: string) =>
    [...reactions].reverse().find((r) => r.socketId === socketId)?.emoji ?? null;

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
        large={leadId === p.socketId}
        main={leadId === p.socketId}
        reaction={reactionOf(p.socketId)}
        sending={isSelf ? sending : undefined}
        pinned={!isSelf && pinned === p.socketId}
        onPin={isSelf ? undefined : () => onPin(pinned === p.socketId ? null : p.socketId)}
      />
    );
  });

  const lead = leadId ? tiles.find((t) => t.key === leadId) : null;
  if (!lead && !screenStream) {
    return (
      <div className="grid" data-count={Math.min(ordered.length, 9)} data-layout={layout}>
        {tiles}
      </div>
    );
  }
  // The lead tile, or our own shared screen previewed locally.
  return (
    <div className="spotlight" data-layout={layout}>
      <div className="spotlight-main">
        {lead ?? (screenStream && <ScreenPreviewTile stream={screenStream} />)}
      </div>
      <div className="spotlight-strip">{tiles.filter((t) => t !== lead)}</div>
    </div>
  );
}
