// Signaling connection status (drives the "reconnecting" banner).

import type { ConnectionStatus } from '../core/signaling';
import { useCall } from './use_call';
import { useReadable } from './use_readable';

export function useConnection(): ConnectionStatus {
  return useReadable(useCall().connection);
}
