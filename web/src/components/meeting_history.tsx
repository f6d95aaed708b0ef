// The user's hosted and joined meetings, newest first.

import type { Meeting } from '../core/types';
import { ErrorMessage } from './error_message';
import { Link } from './link';

export function MeetingHistory({
  meetings,
  error,
  selfId,
}: {
  meetings: Meeting[] | null;
  error: unknown;
  selfId: string;
}) {
  return (
    <section className="card history">
      <h2>Your meetings</h2>
      <ErrorMessage error={error} />
      {meetings === null && !error && <p className="muted">Loading…</p>}
      {meetings?.length === 0 && (
        <p className="muted">Meetings you host or join will show up here.</p>
      )}
      {meetings && meetings.length > 0 && (
        <ul className="history-list">
          {meetings.map((m) => (
            <li key={m.meetingId} data-testid="history-item">
              <div>
                <strong>{m.title || 'Untitled meeting'}</strong>
                <span className="muted small">
                  {' '}
                  {m.meetingId} · {formatDate(m.createdAt)} ·{' '}
                  {m.hostId === selfId ? 'you hosted' : 'joined'}
                </span>
              </div>
              <div className="row">
                <Link
                  className="button ghost small"
                  href={`/meetings/${m.meetingId}`}
                  data-testid="history-link"
                >
                  Details
                </Link>
                {m.status === 'active' ? (
                  <Link className="button secondary small" href={`/m/${m.meetingId}`}>
                    Open
                  </Link>
                ) : (
                  <span className="badge">Ended</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
