import { createRoot } from 'react-dom/client';
import { App } from './app';
import { debugMark } from './core/debug_log';
import { flowOptions } from './core/meeting_flow';
import { matchRoute } from './core/router';
import { Session } from './core/session';
import { startMeetingFlow } from './hooks/use_meeting_flow';
import { loadRoom } from './pages/room_chunk';
import './styles.css';

debugMark('app');
const session = new Session();
// A meeting link starts its camera, REST calls and connection before React's first render
// (docs/web.md "Join sequence").
const route = matchRoute(window.location.pathname);
if (route.name === 'meeting') {
  const search = new URLSearchParams(window.location.search);
  startMeetingFlow(session, route.meetingId, flowOptions(search));
  void loadRoom().catch(() => undefined);
}
createRoot(document.getElementById('root')!).render(<App session={session} />);
