// Socket id of whoever is speaking loudest right now, or null.

import { useCall } from './use_call';
import { useOptionalReadable } from './use_readable';

export function useActiveSpeaker(): string | null {
  return useOptionalReadable(useCall().mesh?.activeSpeaker);
}
