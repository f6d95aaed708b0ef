// Everyone in the room, raised hands first; kept in the DOM while closed (data-testid
// "participant" carries each person's mic/camera/hand state for scripts and screen readers).

import { useCallState } from '../../hooks/use_call_state';
import { useRoster } from '../../hooks/use_roster';
import { Avatar } from '../avatar';
import { Icon } from '../icon';

export function ParticipantsPanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { participants, self } = useRoster();
  const { meeting } = useCallState();
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
      <ul className="people">
        {raisedFirst.map((p) => (
          <li
            key={p.socketId}
            data-testid="participant"
            data-user-id={p.userId}
            data-audio={p.audio ? 'on' : 'off'}
            data-video={p.video ? 'on' : 'off'}
            data-hand={p.raised ? 'up' : 'down'}
          >
            <Avatar name={p.username} size="small" />
            <span className="person-name">
              {p.username}
              {p.socketId === self?.socketId && <span className="muted"> (you)</span>}
              {p.userId === meeting.hostId && <span className="badge">Host</span>}
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
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
