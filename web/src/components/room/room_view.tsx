// The meeting room (its own chunk): tiles, side panels, controls, reconnecting banner.

import { useEffect, useState } from 'react';
import type { MeetingCall } from '../../core/call';
import { debugMark } from '../../core/debug_log';
import { installDebugHooks } from '../../core/test_hooks';
import { CallContext } from '../../hooks/call_context';
import { useCall } from '../../hooks/use_call';
import { useCallState } from '../../hooks/use_call_state';
import { useConnection } from '../../hooks/use_connection';
import { useAlerts } from '../../hooks/use_alerts';
import { useKeyboardShortcuts } from '../../hooks/use_keyboard_shortcuts';
import { PanelContext } from '../../hooks/panel_context';
import { useRoster } from '../../hooks/use_roster';
import { useRecording } from '../../hooks/use_recording';
import { useTopology } from '../../hooks/use_topology';
import { Brand } from '../brand';
import { RecordingIndicator } from '../recording_indicator';
import { ChatPanel } from './chat_panel';
import { ConnectionProblem } from './connection_problem';
import { ControlBar, type Panel } from './control_bar';
import { DiagnosticsPanel } from './diagnostics_panel';
import { ParticipantsPanel } from './participants_panel';
import { LobbyWaiting, RoomNotices } from './room_notices';
import { VideoGrid, type Layout } from './video_grid';

export default function RoomView({ call }: { call: MeetingCall }) {
  useEffect(() => installDebugHooks(call), [call]);
  // The join sequence's `room` mark (docs/web.md "Join sequence"): the room is on screen.
  useEffect(() => debugMark('room'), []);
  return (
    <CallContext.Provider value={call}>
      <Room />
    </CallContext.Provider>
  );
}

function Room() {
  const call = useCall();
  const { meeting, phase } = useCallState();
  const { participants } = useRoster();
  const connection = useConnection();
  const [panel, setPanel] = useState<Panel>(null);
  const [layout, setLayout] = useState<Layout>('grid');
  const [pinned, setPinned] = useState<string | null>(null);
  const [hideSelf, setHideSelf] = useState(false);
  const alerts = useAlerts();
  const topology = useTopology();
  const recording = useRecording();
  useKeyboardShortcuts();
  if (phase === 'lobby') return <LobbyWaiting title={meeting.title} />;
  const choosePanel = (next: Panel) => {
    setPanel(next);
    call.chat.setOpen(next === 'chat');
  };
  return (
    <PanelContext.Provider value={choosePanel}>
      <div
        className={`room ${panel ? 'with-panel' : ''}`}
        data-testid="room"
        data-topology={topology.mode}
      >
        <RecordingIndicator active={recording.active} />
        <RoomNotices alerts={alerts} />
        {topology.notice && (
          <div className="banner" role="status" data-testid="topology-notice">
            <span>{topology.notice} The call continues directly between participants.</span>
            <button type="button" className="ghost small" onClick={topology.dismiss}>
              Dismiss
            </button>
          </div>
        )}
        {(connection === 'reconnecting' ||
          (connection === 'connecting' && phase === 'joining')) && (
          <div className="banner" role="status" data-testid="reconnecting-banner">
            <span className="spinner small" aria-hidden="true" />
            {phase === 'joining'
              ? 'Connecting…'
              : 'Connection lost. Reconnecting… (video keeps playing)'}
          </div>
        )}
        <ConnectionProblem />
        <header className="room-top">
          <Brand />
          <div className="room-title">
            <strong>{meeting.title || 'Meeting'}</strong>
            <span className="muted small">
              {meeting.meetingId} · {participants.length}{' '}
              {participants.length === 1 ? 'person' : 'people'}
            </span>
          </div>
        </header>
        <main className="room-body">
          <VideoGrid layout={layout} pinned={pinned} hideSelf={hideSelf} onPin={setPinned} />
          <ChatPanel open={panel === 'chat'} onClose={() => choosePanel(null)} />
          <ParticipantsPanel open={panel === 'people'} onClose={() => choosePanel(null)} />
          <DiagnosticsPanel open={panel === 'diagnostics'} onClose={() => choosePanel(null)} />
        </main>
        <ControlBar
          panel={panel}
          onPanel={choosePanel}
          layout={layout}
          onLayout={setLayout}
          alerts={alerts}
          hideSelf={hideSelf}
          onHideSelf={setHideSelf}
        />
      </div>
    </PanelContext.Provider>
  );
}
