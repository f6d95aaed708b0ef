// The history page's recordings (docs/web.md "History"; docs/recording.md "REST"): each ready
// one with a player and a download link (the list's signed fileUrl: a <video> cannot send a
// token), one in progress says so, a failed one says why; the host deletes and retries.

import { useState } from 'react';
import { formatBytes, formatDuration } from '../core/history';
import type { Recording } from '../core/types';
import { useAsyncAction } from '../hooks/use_async_action';
import { useRecordings } from '../hooks/use_recordings';
import { ErrorMessage } from './error_message';
import { formatDate } from './meeting_history';

export function RecordingsList({ meetingId, isHost }: { meetingId: string; isHost: boolean }) {
  const { recordings, error, remove, retry, urlOf } = useRecordings(meetingId);
  return (
    <section className="card" data-testid="recordings">
      <h2>Recordings</h2>
      <ErrorMessage error={error} />
      {recordings === null ? null : recordings.length === 0 ? (
        <p className="muted">Nobody recorded this meeting.</p>
      ) : (
        <ol className="recordings">
          {recordings.map((r) => (
            <RecordingItem
              key={r.id}
              recording={r}
              isHost={isHost}
              fileUrl={r.fileUrl ? urlOf(r.fileUrl) : null}
              onDelete={remove}
              onRetry={retry}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

interface ItemProps {
  recording: Recording;
  isHost: boolean;
  fileUrl: string | null;
  onDelete: (id: string) => Promise<void>;
  onRetry: (id: string) => Promise<void>;
}

function RecordingItem({ recording: r, isHost, fileUrl, onDelete, onRetry }: ItemProps) {
  const [confirming, setConfirming] = useState(false);
  const del = useAsyncAction(onDelete);
  const again = useAsyncAction(onRetry);
  const fileName = `parley-${r.meetingId}-${r.id}.webm`;
  return (
    <li data-testid="recording-item" data-recording-id={r.id} data-status={r.status}>
      <p className="small">
        <strong>{formatDate(r.startedAt)}</strong>
        {r.status === 'ready' && ` · ${formatDuration(r.durationMs)} · ${formatBytes(r.bytes)}`}
      </p>
      {r.status === 'ready' && fileUrl && (
        <>
          <video
            className="recording-player"
            data-testid="recording-player"
            src={fileUrl}
            controls
            preload="metadata"
          />
          <a
            className="button secondary small"
            data-testid="recording-download"
            href={`${fileUrl}&download=1`}
            download={fileName}
          >
            Download
          </a>
        </>
      )}
      {r.status === 'recording' && <p className="muted">Recording now.</p>}
      {r.status === 'processing' && (
        <p className="muted">Being processed: the file appears here when it is ready.</p>
      )}
      {r.status === 'failed' && (
        <p className="muted" data-testid="recording-failure">
          Processing failed: {r.failure || 'no reason was given'}.
        </p>
      )}
      {isHost && (
        <div className="row">
          {r.status === 'failed' && (
            <button
              type="button"
              className="ghost small"
              data-testid="recording-retry"
              disabled={again.pending}
              onClick={() => void again.run(r.id)}
            >
              Try again
            </button>
          )}
          {r.status !== 'recording' &&
            (confirming ? (
              <>
                <span className="small">Delete it for everyone?</span>
                <button
                  type="button"
                  className="danger small"
                  data-testid="recording-delete-confirm"
                  disabled={del.pending}
                  onClick={() => void del.run(r.id)}
                >
                  Delete
                </button>
                <button type="button" className="ghost small" onClick={() => setConfirming(false)}>
                  Keep
                </button>
              </>
            ) : (
              <button
                type="button"
                className="ghost small"
                data-testid="recording-delete"
                onClick={() => setConfirming(true)}
              >
                Delete
              </button>
            ))}
        </div>
      )}
      <ErrorMessage error={del.error ?? again.error} />
    </li>
  );
}
