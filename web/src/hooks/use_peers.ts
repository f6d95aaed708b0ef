// Remote connections (stream, connection state, quality) keyed by socket id.

import type { RemotePeer } from '../core/mesh';
import { useCall } from './use_call';
import { useOptionalReadable } from './use_readable';

export function usePeers(): ReadonlyMap<string, RemotePeer> {
  const mesh = useCall().mesh;
  const peers = useOptionalReadable(mesh?.peers);
  return new Map((peers ?? []).map((p) => [p.socketId, p]));
}
