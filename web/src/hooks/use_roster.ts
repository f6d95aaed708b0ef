// Everyone in the room (self included), and which entry is us.

import type { Participant } from '../core/types';
import { useCall } from './use_call';
import { useReadable } from './use_readable';

export function useRoster(): {
  participants: ReadonlyArray<Participant>;
  self: Participant | null;
} {
  const call = useCall();
  const participants = useReadable(call.roster);
  const { selfSocketId } = useReadable(call.state);
  const self = participants.find((p) => p.socketId === selfSocketId) ?? null;
  return { participants, self };
}
