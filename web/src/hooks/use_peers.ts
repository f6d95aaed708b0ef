// Remote connections (stream, connection state, quality) keyed by socket id.

import { useMemo } from 'react';
import type { RemotePeer } from '../core/mesh';
import { useCall } from './use_call';
import { useOptionalReadable, useReadable } from './use_readable';

export function usePeers(): ReadonlyMap<string, RemotePeer> {
  const mesh = useReadable(useCall().mesh);
  const peers = useOptionalReadable(mesh?.peers);
  return useMemo(() => new Map((peers ?? []).map((p) => [p.socketId, p])), [peers]);
}
