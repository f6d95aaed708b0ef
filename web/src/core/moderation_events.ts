// The moderation events the server sends (docs/signaling.md "Moderation"), typed.

import type { MeetingSettings, Role } from './types';

export type MediaKind = 'audio' | 'video';

/** Who did it, on `muted`, `unmute-request` and `removed`. */
export interface ByFields {
  bySocket: string;
  byUserId: string;
  byUsername: string;
}

export interface ModerationServerEvents {
  muted: ByFields & { kind: MediaKind };
  'unmute-request': ByFields & { kind: MediaKind };
  removed: ByFields & { meetingId: string };
  'role-changed': { socketId: string; userId: string; role: Role };
  'meeting-settings': MeetingSettings;
  'lobby-waiting': { meetingId: string };
  'lobby-request': { userId: string; username: string };
  'lobby-resolved': { userId: string; outcome: 'admitted' | 'denied' | 'left' };
  denied: { meetingId: string };
  reaction: { socketId: string; userId: string; emoji: string };
}

export const MODERATION_EVENT_NAMES = [
  'muted',
  'unmute-request',
  'removed',
  'role-changed',
  'meeting-settings',
  'lobby-waiting',
  'lobby-request',
  'lobby-resolved',
  'denied',
  'reaction',
] as const satisfies ReadonlyArray<keyof ModerationServerEvents>;

/** The fixed set the server accepts (docs/signaling.md, `reaction`). */
export const REACTIONS = ['👍', '👏', '❤️', '😂', '😮', '🎉', '🤔', '👎'] as const;
