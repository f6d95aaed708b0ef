// What the room tells its person (docs/web.md "Moderation"): who muted them, a host's request
// to unmute (accept turns the microphone or camera on, by their own hand), and an aria-live
// region announcing joins, leaves and chat to screen readers.

import { useCall } from '../../hooks/use_call';
import { useModeration } from '../../hooks/use_moderation';
import { useReadable } from '../../hooks/use_readable';
import type { Alerts } from '../../core/alerts';

export function RoomNotices({ alerts }: { alerts: Alerts }) {
  const call = useCall();
  const { notice } = useModeration();
  const live = useReadable(alerts.live);
  const what = notice?.media === 'video' ? 'camera' : 'microphone';
  return (
    <>
      <div className="sr-only" aria-live="polite" data-testid="announcer">
        {live}
      </div>
      {notice && (
        <div className="banner moderation-notice" role="alert" data-testid="moderation-notice">
          {notice.kind === 'muted' ? (
            <span>
              {notice.byUsername} turned your {what} off.
            </span>
          ) : (
            <>
              <span>
                {notice.byUsername} asks you to turn your {what} on.
              </span>
              <button
                type="button"
                className="primary small"
                data-testid="accept-unmute"
                onClick={() => {
                  if (notice.media === 'audio') call.setAudio(true);
                  else call.setVideo(true);
                  call.moderation.dismissNotice();
                }}
              >
                Turn it on
              </button>
            </>
          )}
          <button
            type="button"
            className="ghost small"
            data-testid="dismiss-notice"
            onClick={() => call.moderation.dismissNotice()}
          >
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}

/** Shown while the meeting's lobby holds our join. */
export function LobbyWaiting({ title }: { title: string }) {
  const call = useCall();
  return (
    <div className="center-screen" data-testid="lobby-waiting">
      <div className="card stack narrow text-center">
        <span className="spinner" aria-hidden="true" />
        <h1>Waiting to be let in</h1>
        <p className="muted" role="status">
          The host of “{title || 'this meeting'}” will let you in soon.
        </p>
        <button type="button" className="secondary" onClick={() => void call.leave()}>
          Leave
        </button>
      </div>
    </div>
  );
}
