// Start and stop recording, for hosts and cohosts (docs/recording.md "Signaling"). Starting
// asks first, naming who will be recorded; stopping does not. When the server stopped it by
// itself (the disk or the limit filled), says why.

import { useState } from 'react';
import { recordingConfirmation } from '../../core/recording';
import { useModeration } from '../../hooks/use_moderation';
import { useRecording } from '../../hooks/use_recording';
import { useRoster } from '../../hooks/use_roster';
import { Icon } from '../icon';

export function RecordButton() {
  const { moderator } = useModeration();
  const recording = useRecording();
  const { participants, self } = useRoster();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!moderator) return null;
  const others = participants.filter((p) => p !== self).map((p) => p.username);
  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    action()
      .then(() => setConfirming(false))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  const label = recording.active ? 'Stop recording' : 'Record';
  return (
    <div className="end-wrap">
      <button
        type="button"
        className={`control ${recording.active ? 'active' : ''}`}
        data-testid="record-button"
        data-recording={recording.active ? 'on' : 'off'}
        aria-pressed={recording.active}
        disabled={busy}
        title={label}
        onClick={() => (recording.active ? run(recording.stop) : setConfirming(!confirming))}
      >
        <Icon name="record" />
        <span className="control-label">{label}</span>
      </button>
      {(confirming || error) && !recording.active && (
        <div className="popover" role="dialog" aria-label="Start recording">
          <p data-testid="record-confirm-text">{recordingConfirmation(others)}</p>
          {error && (
            <p className="error small" role="alert" data-testid="record-error">
              {error}
            </p>
          )}
          <div className="row">
            <button
              type="button"
              className="secondary small"
              onClick={() => {
                setConfirming(false);
                setError(null);
              }}
            >
              Cancel
            </button>
            <button
              type="button"
              className="danger small"
              data-testid="confirm-record"
              disabled={busy}
              onClick={() => run(recording.start)}
            >
              Start recording
            </button>
          </div>
        </div>
      )}
      {!recording.active && recording.reason && !confirming && (
        <p className="error small" role="status" data-testid="record-stopped-reason">
          {recording.reason}
        </p>
      )}
      {error && recording.active && (
        <p className="error small" role="alert" data-testid="record-error">
          {error}
        </p>
      )}
    </div>
  );
}
