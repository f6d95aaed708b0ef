// Chat messages of one meeting (history from REST merged with live events) and the unread
// count while the chat panel is closed.

import { Store, type Readable } from './observable';
import type { ChatMessage } from './types';

export interface ChatState {
  messages: ReadonlyArray<ChatMessage>;
  unread: number;
  open: boolean;
}

export class ChatLog implements Readable<ChatState> {
  private readonly store = new Store<ChatState>({ messages: [], unread: 0, open: false });

  constructor(private readonly selfUserId: string) {}

  get = (): ChatState => this.store.get();
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  /** Merges history; messages already known (by id) are not counted twice. */
  addHistory(history: ReadonlyArray<ChatMessage>): void {
    this.store.update((s) => ({ ...s, messages: merge(s.messages, history) }));
  }

  /** A live message; counts as unread while the panel is closed and it is someone else's. */
  receive(message: ChatMessage): void {
    this.store.update((s) => {
      if (s.messages.some((m) => m.id === message.id)) return s;
      const unseen = !s.open && message.userId !== this.selfUserId;
      return { ...s, messages: merge(s.messages, [message]), unread: s.unread + (unseen ? 1 : 0) };
    });
  }

  setOpen(open: boolean): void {
    this.store.update((s) => ({ ...s, open, unread: open ? 0 : s.unread }));
  }
}

function merge(
  known: ReadonlyArray<ChatMessage>,
  incoming: ReadonlyArray<ChatMessage>,
): ReadonlyArray<ChatMessage> {
  const byId = new Map(known.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  // ISO-8601 UTC strings sort chronologically; a stable sort keeps arrival order on ties.
  return [...byId.values()].sort((a, b) =>
    a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0,
  );
}
