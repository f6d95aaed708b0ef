// Runs the pre-flight check while the component is mounted and returns its state and the
// microphone level. To run it again, remount (a new `key`).

import { useEffect, useMemo } from 'react';
import { Preflight } from '../core/preflight';
import { useReadable } from './use_readable';
import { useSession } from './use_session';

export function usePreflight() {
  const { session, state: auth } = useSession();
  const signedIn = auth.status === 'signed-in';
  const check = useMemo(() => new Preflight(session.api, signedIn), [session, signedIn]);
  useEffect(() => {
    check.start();
    return () => check.stop();
  }, [check]);
  return { state: useReadable(check.state), level: useReadable(check.level) };
}
