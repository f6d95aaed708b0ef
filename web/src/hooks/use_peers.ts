// Remote connections (stream, connection state, quality) keyed by socket id: whichever path,
// mesh or SFU, each participant's tile plays (core/media_paths.ts).

import { useMemo } from 'react';
import type { RemotePeer } from '../core/mesh';
import { useCall } from './use_call';
import { useOptionalReadable, useReadable } from './use_readable';

export function usePeers(): ReadonlyMap<string, RemotePeer> {
  const paths = useReadable(useCall().paths);
  const peers = useOptionalReadable(paths?.peers);
  return useMemo(() => new Map((peers ?? []).map((p) => [p.socketId, p])), [peers]);
}
