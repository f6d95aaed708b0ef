// What network adaptation did, on a tile (docs/web.md "Network adaptation"): our own tile says
// when what we send is reduced or paused (and to whom, when not to everyone); a remote tile
// says when their video stopped reaching us while their audio still does.

import type { SendLevel } from '../../core/net_adapt';

export const PAUSED_TEXT = 'video paused: weak connection';
export const REDUCED_TEXT = 'lower video quality: weak connection';

/** The notice on our own tile, from the worst level over our links. */
export function SendingNotice({ level, to }: { level: SendLevel; to: string[] }) {
  if (level === 'full') return null;
  const who = to.length > 0 ? ` (to ${to.join(', ')})` : '';
  return (
    <span
      className={`tile-adapt ${level}`}
      role="status"
      data-testid={level === 'paused' ? 'video-paused' : 'video-reduced'}
      data-side="sending"
    >
      {(level === 'paused' ? PAUSED_TEXT : REDUCED_TEXT) + who}
    </span>
  );
}

/** The notice on a remote tile whose sender paused their video for us. */
export function ReceivingNotice() {
  return (
    <span
      className="tile-adapt paused"
      role="status"
      data-testid="video-paused"
      data-side="receiving"
    >
      {PAUSED_TEXT}
    </span>
  );
}

/** The worst of several links' levels. */
export function worstLevel(levels: Iterable<SendLevel>): SendLevel {
  let worst: SendLevel = 'full';
  for (const l of levels) {
    if (l === 'paused') return 'paused';
    if (l === 'reduced') worst = 'reduced';
  }
  return worst;
}
