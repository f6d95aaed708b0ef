// The call's moderation state (lock, lobby requests, notices, reactions) and whether we may
// moderate (our own role is host or cohost).

import { isModerator, type ModerationState } from '../core/moderation';
import { useCall } from './use_call';
import { useReadable } from './use_readable';
import { useRoster } from './use_roster';

export function useModeration(): ModerationState & { moderator: boolean } {
  const call = useCall();
  const state = useReadable(call.moderation.state);
  const { self } = useRoster();
  return { ...state, moderator: isModerator(self?.role) };
}
