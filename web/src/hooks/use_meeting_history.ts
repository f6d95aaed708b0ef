// The signed-in user's meetings, newest first; reloads when `version` changes (e.g. after
// creating a meeting).

import { useEffect, useState } from 'react';
import type { Meeting } from '../core/types';
import { useSession } from './use_session';

export interface MeetingHistory {
  meetings: Meeting[] | null;
  error: unknown;
}

export function useMeetingHistory(version: string): MeetingHistory {
  const { session } = useSession();
  const [result, setResult] = useState<MeetingHistory>({ meetings: null, error: null });
  useEffect(() => {
    let live = true;
    session.api.meetings().then(
      (meetings) => live && setResult({ meetings, error: null }),
      (error: unknown) => live && setResult({ meetings: null, error }),
    );
    return () => {
      live = false;
    };
  }, [session, version]);
  return result;
}
