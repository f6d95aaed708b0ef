// `/meetings/:meetingId`: a past (or running) meeting's record for its participants — who was
// there and when, the whole transcript, recordings, and exports (docs/web.md "History").

import { useState } from 'react';
import {
  formatDuration,
  recordJson,
  recordMarkdown,
  stayMs,
  type MeetingRecord,
} from '../core/history';
import type { Stay } from '../core/types';
import { ErrorMessage } from '../components/error_message';
import { Link } from '../components/link';
import { RecordingsList } from '../components/recordings_list';
import { formatDate } from '../components/meeting_history';
import { Spinner } from '../components/spinner';
import { TopBar } from '../components/top_bar';
import { useMeetingRecord } from '../hooks/use_meeting_record';
import { useSession } from '../hooks/use_session';

export function HistoryPage({ meetingId }: { meetingId: string }) {
  const record = useMeetingRecord(meetingId);
  const { state } = useSession();
  const userId = state.status === 'signed-in' ? state.user.id : null;
  const [exportError, setExportError] = useState<unknown>(null);
  const { meeting } = record;
  if (record.loading) return <Spinner label="Loading the meeting…" />;

  const download = async (format: 'markdown' | 'json') => {
    if (!meeting) return;
    try {
      const messages = await record.loadAll();
      save({ meeting, attendance: record.attendance, messages }, format);
    } catch (error) {
      setExportError(error);
    }
  };

  return (
    <div className="page">
      <TopBar />
      <main className="home" data-testid="meeting-detail" data-meeting-id={meetingId}>
        <ErrorMessage error={record.error ?? exportError} />
        {meeting && (
          <>
            <div className="detail-head">
              <div>
                <h1>{meeting.title || 'Untitled meeting'}</h1>
                <p className="muted small">
                  {meeting.meetingId} · started {formatDate(meeting.createdAt)} ·{' '}
                  {meeting.endedAt ? `ended ${formatDate(meeting.endedAt)}` : 'still running'}
                </p>
              </div>
              <div className="row">
                {meeting.status === 'active' && (
                  <Link className="button secondary small" href={`/m/${meeting.meetingId}`}>
                    Open
                  </Link>
                )}
                {(['markdown', 'json'] as const).map((format) => (
                  <button
                    key={format}
                    type="button"
                    className="ghost small"
                    data-testid="export-button"
                    data-format={format}
                    onClick={() => void download(format)}
                  >
                    Export {format === 'json' ? 'JSON' : 'Markdown'}
                  </button>
                ))}
              </div>
            </div>
            <Attendance stays={record.attendance} endedAt={meeting.endedAt} />
            <section className="card">
              <h2>Transcript</h2>
              {record.more && (
                <button
                  type="button"
                  className="ghost small"
                  data-testid="transcript-more"
                  onClick={() => void record.loadEarlier()}
                >
                  Show earlier messages
                </button>
              )}
              {record.messages.length === 0 ? (
                <p className="muted">Nobody wrote in the chat.</p>
              ) : (
                <ol className="transcript">
                  {record.messages.map((m) => (
                    <li key={m.id} data-testid="transcript-message" data-message-id={m.id}>
                      <span className="message-meta">
                        <strong>{m.username}</strong>
                        <time dateTime={m.sentAt}>{formatTime(m.sentAt)}</time>
                      </span>
                      <span className="message-text">{m.text}</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <RecordingsList meetingId={meetingId} isHost={meeting.hostId === userId} />
          </>
        )}
      </main>
    </div>
  );
}

function Attendance({ stays, endedAt }: { stays: Stay[]; endedAt: string | null }) {
  // Open stays count up to when the page loaded.
  const [now] = useState(() => Date.now());
  return (
    <section className="card">
      <h2>Attendance</h2>
      {stays.length === 0 ? (
        <p className="muted">Nobody joined.</p>
      ) : (
        <div className="table-scroll">
          <table className="attendance">
            <thead>
              <tr>
                <th>Name</th>
                <th>Joined</th>
                <th>Left</th>
                <th>Time present</th>
              </tr>
            </thead>
            <tbody>
              {stays.map((s, i) => (
                <tr key={`${s.userId}-${i}`} data-testid="attendee" data-user-id={s.userId}>
                  <td data-testid="attendee-name">{s.username}</td>
                  <td data-testid="attendee-joined">
                    <time dateTime={s.joinedAt}>{formatTime(s.joinedAt)}</time>
                  </td>
                  <td data-testid="attendee-left">
                    {s.leftAt ? (
                      <time dateTime={s.leftAt}>{formatTime(s.leftAt)}</time>
                    ) : (
                      'still here'
                    )}
                  </td>
                  <td data-testid="attendee-present">{formatDuration(stayMs(s, endedAt, now))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Downloads the record as meeting-<id>.md or .json. */
function save(full: MeetingRecord, format: 'markdown' | 'json'): void {
  const [text, type, ext] =
    format === 'json'
      ? [recordJson(full), 'application/json', 'json']
      : [recordMarkdown(full, Date.now()), 'text/markdown', 'md'];
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `meeting-${full.meeting.meetingId}.${ext}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString(undefined, { timeStyle: 'medium' });
}
