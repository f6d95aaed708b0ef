// Chat messages, unread count, panel open state and a send action.

import { useCallback } from 'react';
import type { ChatState } from '../core/chat_log';
import { useCall } from './use_call';
import { useReadable } from './use_readable';

export function useChat(): ChatState & {
  send: (text: string) => Promise<void>;
  setOpen: (open: boolean) => void;
} {
  const call = useCall();
  const state = useReadable(call.chat);
  const send = useCallback((text: string) => call.sendChat(text), [call]);
  const setOpen = useCallback((open: boolean) => call.chat.setOpen(open), [call]);
  return { ...state, send, setOpen };
}
