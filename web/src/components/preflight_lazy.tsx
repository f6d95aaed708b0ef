// The pre-flight panel, fetched only when a page shows it (it imports socket.io-client, which
// the first screen does not need).

import { lazy, Suspense } from 'react';
import { Spinner } from './spinner';

const Panel = lazy(() => import('./preflight_panel'));

export function PreflightPanel() {
  return (
    <Suspense fallback={<Spinner label="Loading the check…" />}>
      <Panel />
    </Suspense>
  );
}
