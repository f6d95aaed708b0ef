// The signed-in user's meetings, newest first; reloads when `version` changes.

import { useEffect, useState } from 'react';
import type { Meeting } from '../core/types';
import { useSession } from './use_session';

export interface MeetingHistory {
  meetings: Meeting[] | null;
  error: unknown;
}

export function useMeetingHistory(version: number): MeetingHistory {
  const { session } = useSession();
  const [result, setResult] = useState<MeetingHistory & { version: number }>({ meetings: null, error: null, version: -1 });
  useEffect(() => {
    let live = true;
    session.api.meetings().then(
      (meetings) => live && setResult({ meetings, error: null, version }),
      (error: unknown) => live && setResult({ meetings: null, error, version }),
    );
    return () => {
      live = false;
    };
  }, [session, version]);
  return result;
}
