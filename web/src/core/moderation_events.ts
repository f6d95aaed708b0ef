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

/** Every moderation server event, once (SignalingClient forwards these). */
export const MODERATION_EVENTS: Record<keyof ModerationServerEvents, true> = {
  muted: true,
  'unmute-request': true,
  removed: true,
  'role-changed': true,
  'meeting-settings': true,
  'lobby-waiting': true,
  'lobby-request': true,
  'lobby-resolved': true,
  denied: true,
  reaction: true,
};

/** The host-or-cohost events and `reaction`, with their payloads (all acked). */
export interface ModerationRequests {
  'mute-participant': { targetSocket: string; kind: MediaKind };
  'mute-all': { kind: MediaKind };
  'ask-unmute': { targetSocket: string; kind: MediaKind };
  'remove-participant': { targetSocket: string };
  'set-role': { targetSocket: string; role: 'cohost' | 'participant' };
  'lock-meeting': { locked: boolean };
  'set-lobby': { enabled: boolean };
  admit: { userId: string };
  deny: { userId: string };
  'admit-all': undefined;
  reaction: { emoji: string };
}

/** The fixed set the server accepts (docs/signaling.md, `reaction`). */
export const REACTIONS = ['👍', '👏', '❤️', '😂', '😮', '🎉', '🤔', '👎'] as const;
