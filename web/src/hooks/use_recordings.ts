// A meeting's recordings for the history page (docs/recording.md "REST"): listed when the
// page opens and again every 5 s while one is still recording or processing, so a file shows
// up by itself once ready; delete and retry for the host.

import { useCallback, useEffect, useState } from 'react';
import { unsettled } from '../core/history';
import type { Recording } from '../core/types';
import { useSession } from './use_session';

const REFRESH_MS = 5000;

export function useRecordings(meetingId: string) {
  const { session } = useSession();
  const [recordings, setRecordings] = useState<Recording[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let live = true;
    session.api.recordings(meetingId).then(
      (list) => {
        if (!live) return;
        setRecordings(list);
        setError(null);
      },
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [session, meetingId, generation]);

  const pending = recordings !== null && unsettled(recordings);
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [pending, recordings, reload]);

  const remove = useCallback(
    async (id: string) => {
      await session.api.deleteRecording(id);
      setRecordings((list) => list?.filter((r) => r.id !== id) ?? null);
    },
    [session],
  );
  const retry = useCallback(
    async (id: string) => {
      const updated = await session.api.retryRecording(id);
      setRecordings((list) => list?.map((r) => (r.id === id ? updated : r)) ?? null);
    },
    [session],
  );
  const urlOf = useCallback((path: string) => session.api.urlOf(path), [session]);
  return { recordings, error, remove, retry, urlOf };
}
