// `/m/:meetingId`: pre-join, then the room (loaded on demand), then the end screens.

import { lazy, Suspense, useEffect } from 'react';
import { Brand } from '../components/brand';
import {
  Denied,
  LeftMeeting,
  MeetingEnded,
  MeetingUnavailable,
  Removed,
} from '../components/end_screens';
import { PrejoinView } from '../components/prejoin_view';
import { Spinner } from '../components/spinner';
import { flowOptions } from '../core/meeting_flow';
import { useMeetingFlow } from '../hooks/use_meeting_flow';
import { loadRoom } from './room_chunk';

const RoomView = lazy(loadRoom);

export function MeetingPage({ meetingId, search }: { meetingId: string; search: URLSearchParams }) {
  const name = search.get('name') ?? '';
  const { flow, state } = useMeetingFlow(meetingId, flowOptions(search));
  // The room's code loads while the join runs, not after it (docs/web.md "Join sequence").
  useEffect(() => void loadRoom().catch(() => undefined), []);
  switch (state.step) {
    case 'loading':
      return <Spinner label="Opening the meeting…" />;
    case 'ended':
      return <MeetingEnded title={state.meeting?.title} />;
    case 'left':
      return <LeftMeeting onRejoin={() => flow.rejoin()} />;
    case 'removed':
      return <Removed by={state.call?.state.get().removedBy} />;
    case 'denied':
      return <Denied onRetry={() => flow.rejoin()} />;
    case 'error':
      return <MeetingUnavailable error={state.error} />;
    case 'in-call':
      return state.call ? (
        <Suspense fallback={<Spinner label="Joining…" />}>
          <RoomView call={state.call} />
        </Suspense>
      ) : null;
    default:
      return (
        <div className="page">
          <header className="topbar">
            <Brand />
          </header>
          <main>
            <PrejoinView flow={flow} state={state} defaultName={name} />
          </main>
        </div>
      );
  }
}
