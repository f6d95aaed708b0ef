// Owns the MeetingFlow of the meeting page: created once per meeting, opened while mounted.

import { useEffect, useState } from 'react';
import { MeetingFlow, type FlowOptions, type FlowState } from '../core/meeting_flow';
import { useReadable } from './use_readable';
import { useSession } from './use_session';

export function useMeetingFlow(
  meetingId: string,
  options: FlowOptions,
): { flow: MeetingFlow; state: FlowState } {
  const { session } = useSession();
  const [flow] = useState(() => new MeetingFlow(session, meetingId, options));
  useEffect(() => {
    flow.open();
    return () => flow.close();
  }, [flow]);
  return { flow, state: useReadable(flow) };
}
