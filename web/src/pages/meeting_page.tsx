// `/m/:meetingId`: pre-join, then the room (loaded on demand), then the end screens.

import { lazy, Suspense, useEffect, useState } from 'react';
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
import type { MeetingCall } from '../core/call';
import { flowOptions } from '../core/meeting_flow';
import { useMeetingFlow } from '../hooks/use_meeting_flow';
import { loadedRoom, loadRoom } from './room_chunk';

const LazyRoomView = lazy(loadRoom);

/**
 * The room, rendered at once when its chunk has loaded (it loads as the page opens). Through
 * lazy() it would suspend for a moment even then, and React shows a suspended boundary's
 * fallback and reveals the content no sooner than 300 ms later (docs/web.md "Join
 * sequence"). The component is chosen once, so the room never mounts twice.
 */
export function Room({ call }: { call: MeetingCall }) {
  const [View] = useState(() => loadedRoom() ?? LazyRoomView);
  return (
    <Suspense fallback={<Spinner label="Joining…" />}>
      <View call={call} />
    </Suspense>
  );
}

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
      return state.call ? <Room call={state.call} /> : null;
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
