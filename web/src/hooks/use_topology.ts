// The meeting's topology (mesh or SFU) and the plain-words notice when the SFU went away.

import type { Topology } from '../core/sfu_events';
import { useCall } from './use_call';
import { useOptionalReadable, useReadable } from './use_readable';

export function useTopology(): { mode: Topology; notice: string | null; dismiss: () => void } {
  const paths = useReadable(useCall().paths);
  const mode = useOptionalReadable(paths?.mode) ?? 'mesh';
  const notice = useOptionalReadable(paths?.notice) ?? null;
  return { mode, notice, dismiss: () => paths?.dismissNotice() };
}
