// The app shell: session provider and the two routes.

import { useState } from 'react';
import { Session } from './core/session';
import { SessionContext } from './hooks/session_context';
import { useRoute } from './hooks/use_route';
import { HomePage } from './pages/home_page';
import { MeetingPage } from './pages/meeting_page';
import { NotFoundPage } from './pages/not_found_page';

export function App() {
  const [session] = useState(() => new Session());
  return (
    <SessionContext.Provider value={session}>
      <Routes />
    </SessionContext.Provider>
  );
}

function Routes() {
  const { route, search } = useRoute();
  if (route.name === 'home') return <HomePage />;
  if (route.name === 'meeting') {
    return <MeetingPage key={route.meetingId} meetingId={route.meetingId} search={search} />;
  }
  return <NotFoundPage />;
}
