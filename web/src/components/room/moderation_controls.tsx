// Host and cohost controls in the people panel (docs/web.md "Moderation"): mute all, lock,
// lobby toggle, and the lobby's waiting people with admit / deny / admit all.

import { useCall } from '../../hooks/use_call';
import { useModeration } from '../../hooks/use_moderation';
import { Icon } from '../icon';

export function ModerationControls() {
  const call = useCall();
  const { moderator, settings, requests } = useModeration();
  if (!moderator) return null;
  const m = call.moderation;
  return (
    <div className="moderation stack">
      <div className="row wrap">
        <button
          type="button"
          className="secondary small"
          data-testid="mute-all"
          onClick={() => void m.muteAll('audio').catch(warn)}
        >
          <Icon name="micOff" size={16} /> Mute all
        </button>
        <label className="switch small">
          <input
            type="checkbox"
            data-testid="lock-meeting"
            checked={settings.locked}
            onChange={(e) => void m.lock(e.target.checked).catch(warn)}
          />
          <Icon name="lock" size={16} /> Lock meeting
        </label>
        <label className="switch small">
          <input
            type="checkbox"
            data-testid="lobby-toggle"
            checked={settings.lobby}
            onChange={(e) => void m.setLobby(e.target.checked).catch(warn)}
          />
          Waiting room
        </label>
      </div>
      {requests.length > 0 && (
        <section aria-label="Waiting to join" className="lobby-requests">
          <h3>
            Waiting ({requests.length})
            <button
              type="button"
              className="primary small"
              data-testid="admit-all-button"
              onClick={() => void m.admitAll().catch(warn)}
            >
              Admit all
            </button>
          </h3>
          <ul>
            {requests.map((r) => (
              <li key={r.userId} data-testid="lobby-request" data-user-id={r.userId}>
                <span className="person-name">{r.username}</span>
                <button
                  type="button"
                  className="primary small"
                  data-testid="admit-button"
                  onClick={() => void m.admit(r.userId).catch(warn)}
                >
                  Admit
                </button>
                <button
                  type="button"
                  className="secondary small"
                  data-testid="deny-button"
                  onClick={() => void m.deny(r.userId).catch(warn)}
                >
                  Deny
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function warn(error: unknown): void {
  console.warn('parley:', error);
}
