// The per-person menu a host or cohost sees in the people panel: mute, ask to unmute, make
// or unmake cohost, remove. The server decides (docs/signaling.md "Moderation"); a cohost
// gets no menu on the host.

import { useState } from 'react';
import type { Participant } from '../../core/types';
import { useCall } from '../../hooks/use_call';
import { Icon } from '../icon';

export function ParticipantMenu({
  target,
  selfIsHost,
}: {
  target: Participant;
  selfIsHost: boolean;
}) {
  const call = useCall();
  const [open, setOpen] = useState(false);
  if (target.role === 'host' && !selfIsHost) return null;
  const m = call.moderation;
  const act = (action: () => Promise<unknown>) => () => {
    setOpen(false);
    void action().catch((error: unknown) => console.warn('parley:', error));
  };
  const cohost = target.role === 'cohost';
  return (
    <span className="menu-wrap">
      <button
        type="button"
        className="ghost icon"
        data-testid="participant-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Actions for ${target.username}`}
        onClick={() => setOpen(!open)}
      >
        <Icon name="more" size={16} />
      </button>
      {open && (
        <div className="popover menu" role="menu">
          {target.audio ? (
            <button
              type="button"
              role="menuitem"
              data-testid="mute-participant"
              onClick={act(() => m.mute(target.socketId, 'audio'))}
            >
              Mute microphone
            </button>
          ) : (
            <button
              type="button"
              role="menuitem"
              data-testid="ask-unmute"
              onClick={act(() => m.askUnmute(target.socketId, 'audio'))}
            >
              Ask to unmute
            </button>
          )}
          {target.video && (
            <button
              type="button"
              role="menuitem"
              data-testid="stop-video-participant"
              onClick={act(() => m.mute(target.socketId, 'video'))}
            >
              Stop camera
            </button>
          )}
          {target.role !== 'host' && (
            <button
              type="button"
              role="menuitem"
              data-testid="make-cohost"
              onClick={act(() => m.setRole(target.socketId, cohost ? 'participant' : 'cohost'))}
            >
              {cohost ? 'Remove cohost' : 'Make cohost'}
            </button>
          )}
          <button
            type="button"
            role="menuitem"
            className="danger-text"
            data-testid="remove-participant"
            onClick={act(() => m.remove(target.socketId))}
          >
            Remove from meeting
          </button>
        </div>
      )}
    </span>
  );
}
