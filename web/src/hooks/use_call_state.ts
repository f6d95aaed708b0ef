// Phase, meeting, own socket id and hand state of the current call.

import type { CallState } from '../core/call';
import { useCall } from './use_call';
import { useReadable } from './use_readable';

export function useCallState(): CallState {
  return useReadable(useCall().state);
}
