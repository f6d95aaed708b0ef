// A past meeting's record for the history page: the meeting, its attendance and the
// transcript's newest page, with `loadEarlier()` paging back 500 at a time and `loadAll()`
// (for the exports) reading every page (docs/api.md "Messages").

import { useCallback, useEffect, useState } from 'react';
import type { ChatMessage, Meeting, Stay } from '../core/types';
import { useSession } from './use_session';

export const PAGE = 500;

export interface MeetingRecordState {
  meeting: Meeting | null;
  attendance: Stay[];
  messages: ChatMessage[];
  /** Whether older messages may exist (the last page was full). */
  more: boolean;
  error: unknown;
  loading: boolean;
}

export function useMeetingRecord(meetingId: string) {
  const { session } = useSession();
  const [state, setState] = useState<MeetingRecordState>({
    meeting: null,
    attendance: [],
    messages: [],
    more: false,
    error: null,
    loading: true,
  });
  useEffect(() => {
    let live = true;
    Promise.all([
      session.api.meeting(meetingId),
      session.api.attendance(meetingId),
      session.api.messages(meetingId, { limit: PAGE }),
    ]).then(
      ([meeting, attendance, messages]) =>
        live &&
        setState({
          meeting,
          attendance,
          messages,
          more: messages.length === PAGE,
          error: null,
          loading: false,
        }),
      (error: unknown) => live && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [session, meetingId]);

  const earlier = useCallback(
    async (messages: ChatMessage[]): Promise<ChatMessage[]> => {
      const oldest = messages[0];
      if (!oldest) return [];
      return session.api.messages(meetingId, { before: oldest.id, limit: PAGE });
    },
    [session, meetingId],
  );

  const loadEarlier = useCallback(async () => {
    try {
      const page = await earlier(state.messages);
      setState((s) => ({ ...s, messages: [...page, ...s.messages], more: page.length === PAGE }));
    } catch (error) {
      setState((s) => ({ ...s, error }));
    }
  }, [earlier, state.messages]);

  /** Every message, oldest first (pages back until a short page). */
  const loadAll = useCallback(async (): Promise<ChatMessage[]> => {
    let all = state.messages;
    let more = state.more;
    while (more) {
      const page = await earlier(all);
      all = [...page, ...all];
      more = page.length === PAGE;
    }
    setState((s) => ({ ...s, messages: all, more: false }));
    return all;
  }, [earlier, state.messages, state.more]);

  return { ...state, loadEarlier, loadAll };
}
