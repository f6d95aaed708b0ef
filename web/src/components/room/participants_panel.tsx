// Everyone in the room, raised hands first; kept in the DOM while closed (data-testid
// "participant" carries each person's mic/camera/hand state for scripts and screen readers).

import { useModeration } from '../../hooks/use_moderation';
import { useRoster } from '../../hooks/use_roster';
import { Avatar } from '../avatar';
import { Icon } from '../icon';
import { ModerationControls } from './moderation_controls';
import { ParticipantMenu } from './participant_menu';

const ROLE_LABEL = { host: 'Host', cohost: 'Cohost', participant: null } as const;

export function ParticipantsPanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { participants, self } = useRoster();
  const { moderator } = useModeration();
  const selfIsHost = self?.role === 'host';
  const raisedFirst = [...participants].sort((a, b) => Number(b.raised) - Number(a.raised));
  return (
    <aside className="side-panel" hidden={!open} aria-label="Participants">
      <header>
        <h2>People ({participants.length})</h2>
        <button
          type="button"
          className="ghost icon"
          onClick={onClose}
          aria-label="Close participants"
        >
          <Icon name="close" />
        </button>
      </header>
      <ModerationControls />
      <ul className="people">
        {raisedFirst.map((p) => (
          <li
            key={p.socketId}
            data-testid="participant"
            data-user-id={p.userId}
            data-audio={p.audio ? 'on' : 'off'}
            data-video={p.video ? 'on' : 'off'}
            data-hand={p.raised ? 'up' : 'down'}
            data-role={p.role ?? 'participant'}
          >
            <Avatar name={p.username} size="small" />
            <span className="person-name">
              {p.username}
              {p.socketId === self?.socketId && <span className="muted"> (you)</span>}
              {ROLE_LABEL[p.role ?? 'participant'] && (
                <span className="badge">{ROLE_LABEL[p.role ?? 'participant']}</span>
              )}
            </span>
            <span className="person-icons">
              {p.raised && (
                <span className="hand-up" title="Hand raised">
                  <Icon name="hand" size={16} />
                </span>
              )}
              <span
                className={p.audio ? '' : 'off'}
                title={p.audio ? 'Microphone on' : 'Microphone off'}
              >
                <Icon name={p.audio ? 'mic' : 'micOff'} size={16} />
              </span>
              <span className={p.video ? '' : 'off'} title={p.video ? 'Camera on' : 'Camera off'}>
                <Icon name={p.video ? 'cam' : 'camOff'} size={16} />
              </span>
              {moderator && p.socketId !== self?.socketId && (
                <ParticipantMenu target={p} selfIsHost={selfIsHost} />
              )}
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
