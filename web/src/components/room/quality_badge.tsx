// Connection quality of one remote peer as signal bars, with numbers in the tooltip.

import type { PeerQuality } from '../../core/stats';

const BARS = { good: 3, fair: 2, poor: 1, unknown: 0 } as const;
const WORDS = {
  good: 'Good connection',
  fair: 'Fair connection',
  poor: 'Poor connection',
  unknown: 'Connecting',
} as const;

export function QualityBadge({
  quality,
  state,
}: {
  quality: PeerQuality | null;
  state: RTCPeerConnectionState | undefined;
}) {
  const level =
    state === 'failed' || state === 'disconnected' ? 'poor' : (quality?.level ?? 'unknown');
  const detail = quality
    ? `${WORDS[level]}: round trip ${quality.rttMs ?? '?'} ms, loss ${quality.lossPct.toFixed(1)}%`
    : WORDS[level];
  return (
    <span
      className={`quality ${level}`}
      title={detail}
      aria-label={detail}
      data-testid="quality"
      data-level={level}
    >
      {[1, 2, 3].map((bar) => (
        <i
          key={bar}
          className={bar <= BARS[level] ? 'lit' : ''}
          style={{ height: `${bar * 4 + 2}px` }}
        />
      ))}
    </span>
  );
}
