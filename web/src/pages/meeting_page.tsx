// `/m/:meetingId`: pre-join, then the room (loaded on demand), then the end screens.

import { lazy, Suspense } from 'react';
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
import { useMeetingFlow } from '../hooks/use_meeting_flow';

const RoomView = lazy(() => import('../components/room/room_view'));

export function MeetingPage({ meetingId, search }: { meetingId: string; search: URLSearchParams }) {
  const name = search.get('name') ?? '';
  const { flow, state } = useMeetingFlow(meetingId, {
    autojoin: search.get('autojoin') === '1',
    name,
  });
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
