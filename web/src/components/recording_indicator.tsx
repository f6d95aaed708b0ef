// The red "Recording" mark shown to everyone in the room, and on the pre-join page, while the
// meeting records (docs/recording.md "Signaling").

export function RecordingIndicator({ active }: { active: boolean }) {
  if (!active) return null;
  return (
    <div className="recording-indicator" data-testid="recording-indicator" role="status">
      <span className="recording-dot" aria-hidden="true" />
      Recording
    </div>
  );
}
