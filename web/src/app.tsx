// The app shell: session provider and the routes (docs/web.md "Pages").

import { useState } from 'react';
import { Session } from './core/session';
import { SessionContext } from './hooks/session_context';
import { useRoute } from './hooks/use_route';
import { CheckPage } from './pages/check_page';
import { HistoryPage } from './pages/history_page';
import { HomePage } from './pages/home_page';
import { MeetingPage } from './pages/meeting_page';
import { NotFoundPage } from './pages/not_found_page';
import { SettingsPage } from './pages/settings_page';

/** `session`: the one main.tsx already made (a meeting link's flow started with it). */
export function App({ session: given }: { session?: Session }) {
  const [session] = useState(() => given ?? new Session());
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
  if (route.name === 'meeting-history')
    return <HistoryPage key={route.meetingId} meetingId={route.meetingId} />;
  if (route.name === 'check') return <CheckPage />;
  if (route.name === 'settings') return <SettingsPage />;
  return <NotFoundPage />;
}
