// The MeetingCall of the room being shown. Throws outside <CallContext.Provider>.

import { useContext } from 'react';
import type { MeetingCall } from '../core/call';
import { CallContext } from './call_context';

export function useCall(): MeetingCall {
  const call = useContext(CallContext);
  if (!call) throw new Error('useCall must be used inside CallContext.Provider');
  return call;
}
