// Owns the MeetingFlow of the meeting page: created once per meeting, opened while mounted.
// A flow may have been started before React's first render (startMeetingFlow, from main.tsx),
// so that the camera, the REST calls and the connection don't wait for it (docs/web.md "Join
// sequence"); the page then adopts that one.

import { useEffect, useState } from 'react';
import { MeetingFlow, type FlowOptions, type FlowState } from '../core/meeting_flow';
import type { Session } from '../core/session';
import { useReadable } from './use_readable';
import { useSession } from './use_session';

let headStart: MeetingFlow | null = null;

/** Creates and opens the flow for `meetingId` now; the first page asking for it adopts it. */
export function startMeetingFlow(
  session: Session,
  meetingId: string,
  options: FlowOptions,
): MeetingFlow {
  headStart?.close();
  const flow = new MeetingFlow(session, meetingId, options);
  headStart = flow;
  flow.open();
  return flow;
}

/** The flow started ahead for this session and meeting, once; any other is closed. */
function adopt(session: Session, meetingId: string): MeetingFlow | null {
  const flow = headStart;
  headStart = null;
  if (flow && flow.session === session && flow.meetingId === meetingId) return flow;
  flow?.close();
  return null;
}

export function useMeetingFlow(
  meetingId: string,
  options: FlowOptions,
): { flow: MeetingFlow; state: FlowState } {
  const { session } = useSession();
  const [flow] = useState(
    () => adopt(session, meetingId) ?? new MeetingFlow(session, meetingId, options),
  );
  useEffect(() => {
    flow.open();
    return () => flow.close();
  }, [flow]);
  return { flow, state: useReadable(flow) };
}
