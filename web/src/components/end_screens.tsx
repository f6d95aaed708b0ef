// What a person sees after the meeting: ended for everyone, or they left.

import { navigate } from '../core/router';
import { ErrorMessage } from './error_message';
import { Icon } from './icon';

export function MeetingEnded({ title }: { title: string | undefined }) {
  return (
    <div className="center-screen" data-testid="meeting-ended">
      <div className="card stack narrow text-center">
        <span className="big-icon">
          <Icon name="end" size={32} />
        </span>
        <h1>The meeting has ended</h1>
        <p className="muted">
          {title ? `“${title}” is over.` : 'The host ended this meeting for everyone.'}
        </p>
        <button type="button" className="primary" onClick={() => navigate('/')}>
          Back to home
        </button>
      </div>
    </div>
  );
}

export function LeftMeeting({ onRejoin }: { onRejoin: () => void }) {
  return (
    <div className="center-screen" data-testid="left-meeting">
      <div className="card stack narrow text-center">
        <span className="big-icon">
          <Icon name="leave" size={32} />
        </span>
        <h1>You left the meeting</h1>
        <div className="row center">
          <button type="button" className="primary" data-testid="rejoin-button" onClick={onRejoin}>
            Rejoin
          </button>
          <button type="button" className="secondary" onClick={() => navigate('/')}>
            Back to home
          </button>
        </div>
      </div>
    </div>
  );
}

/** A host or cohost removed us (moderation): no way back into this meeting. */
export function Removed({ by }: { by: string | undefined }) {
  return (
    <div className="center-screen" data-testid="removed-message" role="alert">
      <div className="card stack narrow text-center">
        <span className="big-icon">
          <Icon name="leave" size={32} />
        </span>
        <h1>You were removed from the meeting</h1>
        <p className="muted">
          {by ? `${by} removed you.` : 'A host removed you.'} You cannot join this meeting again.
        </p>
        <button type="button" className="primary" onClick={() => navigate('/')}>
          Back to home
        </button>
      </div>
    </div>
  );
}

/** The host did not let us in from the lobby. */
export function Denied({ onRetry }: { onRetry: () => void }) {
  return (
    <div className="center-screen" data-testid="denied-message" role="alert">
      <div className="card stack narrow text-center">
        <h1>The host did not let you in</h1>
        <div className="row center">
          <button type="button" className="secondary" onClick={onRetry}>
            Ask again
          </button>
          <button type="button" className="primary" onClick={() => navigate('/')}>
            Back to home
          </button>
        </div>
      </div>
    </div>
  );
}

export function MeetingUnavailable({ error }: { error: unknown }) {
  return (
    <div className="center-screen">
      <div className="card stack narrow text-center">
        <h1>Can’t open this meeting</h1>
        <ErrorMessage error={error} />
        <button type="button" className="primary" onClick={() => navigate('/')}>
          Back to home
        </button>
      </div>
    </div>
  );
}
