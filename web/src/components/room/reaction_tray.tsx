// The eight reactions (docs/signaling.md `reaction`); each shows briefly on our tile for
// everyone. The server rate-limits them; a refused one is simply not shown.

import { REACTIONS } from '../../core/moderation_events';
import { useCall } from '../../hooks/use_call';

export function ReactionTray() {
  const call = useCall();
  return (
    <div className="reaction-tray" role="group" aria-label="Reactions">
      {REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="ghost reaction"
          data-testid="reaction-button"
          data-emoji={emoji}
          aria-label={`React ${emoji}`}
          onClick={() => void call.moderation.react(emoji).catch(() => undefined)}
        >
          {emoji}
        </button>
      ))}
    </div>
  );
}
