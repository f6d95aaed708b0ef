// One person's tile: their video (audio plays through it too), name, mic/hand/quality badges.

import { useRef } from 'react';
import type { RemotePeer } from '../../core/mesh';
import type { SendLevel } from '../../core/net_adapt';
import type { Participant } from '../../core/types';
import { useOpenPanel } from '../../hooks/panel_context';
import { useTileHeight } from '../../hooks/use_tile_height';
import { useVideoElement } from '../../hooks/use_video_element';
import { Avatar } from '../avatar';
import { Icon } from '../icon';
import { ReceivingNotice, SendingNotice } from './adapt_notice';
import { QualityBadge } from './quality_badge';

export interface TileProps {
  participant: Participant;
  stream: MediaStream | null;
  self: boolean;
  speaking: boolean;
  peer?: RemotePeer;
  sinkId?: string | null;
  large?: boolean;
  /** The emoji this person reacted with, while it is shown. */
  reaction?: string | null;
  /** Remote tiles: pinned by us (for ourselves only) and the toggle. */
  pinned?: boolean;
  onPin?: () => void;
  main?: boolean;
  /** Our own tile: what network adaptation does to what we send (worst link) and to whom. */
  sending?: { level: SendLevel; to: string[] };
}

export function VideoTile({
  participant,
  stream,
  self,
  speaking,
  peer,
  sinkId,
  large,
  reaction,
  pinned,
  onPin,
  main,
  sending,
}: TileProps) {
  const videoRef = useVideoElement(stream, self ? null : sinkId);
  const openPanel = useOpenPanel();
  const figureRef = useRef<HTMLElement>(null);
  useTileHeight(participant.socketId, figureRef, !self);
  const fullscreen = () => {
    const el = figureRef.current;
    if (!el) return;
    if (document.fullscreenElement === el) void document.exitFullscreen().catch(() => undefined);
    else void el.requestFullscreen?.().catch(() => undefined);
  };
  const showVideo = participant.video || participant.screen;
  // A camera whose frames stopped while its audio flows: the sender paused it for us.
  const receivingPaused =
    !self && participant.video && !participant.screen && !!peer?.adapt?.receivingPaused;
  const classes = [
    'tile',
    speaking ? 'speaking' : '',
    large ? 'large' : '',
    showVideo ? '' : 'no-video',
  ];
  return (
    <figure
      ref={figureRef}
      className={classes.join(' ')}
      data-testid="tile"
      data-socket-id={participant.socketId}
      data-pinned={pinned ? 'true' : undefined}
      data-main={main ? 'true' : undefined}
      data-sending={self ? (sending?.level ?? 'full') : peer?.adapt?.sending}
      data-receiving={self ? undefined : receivingPaused ? 'paused' : 'flowing'}
    >
      {self ? (
        <video
          ref={videoRef}
          data-testid="local-video"
          muted
          playsInline
          autoPlay
          className={participant.screen ? '' : 'mirror'}
        />
      ) : (
        <video
          ref={videoRef}
          data-testid="remote-video"
          data-user-id={participant.userId}
          playsInline
          autoPlay
        />
      )}
      {!showVideo && (
        <div className="tile-placeholder">
          <Avatar name={participant.username} size={large ? 'large' : 'medium'} />
        </div>
      )}
      <figcaption className="tile-label">
        {!participant.audio && (
          <span className="muted-mic" title="Microphone off">
            <Icon name="micOff" size={14} />
          </span>
        )}
        <span className="tile-name">
          {participant.username}
          {self ? ' (you)' : ''}
        </span>
        {participant.screen && <span className="badge">Presenting</span>}
      </figcaption>
      {self && sending && <SendingNotice level={sending.level} to={sending.to} />}
      {receivingPaused && <ReceivingNotice />}
      {participant.raised && (
        <span className="tile-hand" title="Hand raised">
          <Icon name="hand" size={18} />
        </span>
      )}
      {reaction && (
        <span className="tile-reaction" data-testid="reaction" aria-hidden="true">
          {reaction}
        </span>
      )}
      <span className="tile-actions">
        {onPin && (
          <button
            type="button"
            className={`ghost icon ${pinned ? 'active' : ''}`}
            data-testid="pin-button"
            aria-pressed={pinned}
            aria-label={pinned ? `Unpin ${participant.username}` : `Pin ${participant.username}`}
            onClick={onPin}
          >
            <Icon name="pin" size={16} />
          </button>
        )}
        <button
          type="button"
          className="ghost icon"
          data-testid="fullscreen-button"
          aria-label={`Full screen: ${participant.username}`}
          onClick={fullscreen}
        >
          <Icon name="expand" size={16} />
        </button>
      </span>
      {!self && (
        <button
          type="button"
          className="tile-quality"
          data-testid="quality-badge"
          title="Call quality details"
          onClick={() => openPanel('diagnostics')}
        >
          <QualityBadge quality={peer?.quality ?? null} state={peer?.connectionState} />
        </button>
      )}
    </figure>
  );
}

/** A local preview of the screen being shared (never sent as a separate stream). */
export function ScreenPreviewTile({ stream }: { stream: MediaStream }) {
  const videoRef = useVideoElement(stream);
  return (
    <figure className="tile large screen-preview">
      <video ref={videoRef} muted playsInline autoPlay />
      <figcaption className="tile-label">
        <span className="tile-name">You are presenting</span>
      </figcaption>
    </figure>
  );
}
