// Socket id of whoever is speaking loudest right now, or null.

import { useCall } from './use_call';
import { useOptionalReadable, useReadable } from './use_readable';

export function useActiveSpeaker(): string | null {
  const mesh = useReadable(useCall().mesh);
  return useOptionalReadable(mesh?.activeSpeaker);
}
