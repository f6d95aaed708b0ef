import { describe, expect, it } from 'vitest';
import { ChatLog } from './chat_log';
import type { ChatMessage } from './types';

const msg = (id: string, userId: string, sentAt: string): ChatMessage => ({
  id,
  userId,
  username: userId,
  text: `text ${id}`,
  sentAt,
});

describe('chat log', () => {
  it('merges history and live messages by id, oldest first', () => {
    const log = new ChatLog('me');
    log.receive(msg('3', 'bob', '2026-11-25T10:00:03.000Z'));
    log.addHistory([
      msg('1', 'bob', '2026-11-25T10:00:01.000Z'),
      msg('3', 'bob', '2026-11-25T10:00:03.000Z'),
      msg('2', 'me', '2026-11-25T10:00:02.000Z'),
    ]);
    expect(log.get().messages.map((m) => m.id)).toEqual(['1', '2', '3']);
  });

  it('counts unread messages from others while closed and clears them when opened', () => {
    const log = new ChatLog('me');
    log.receive(msg('1', 'bob', '2026-11-25T10:00:01.000Z'));
    log.receive(msg('2', 'me', '2026-11-25T10:00:02.000Z'));
    log.receive(msg('1', 'bob', '2026-11-25T10:00:01.000Z')); // duplicate
    expect(log.get().unread).toBe(1);
    log.setOpen(true);
    expect(log.get().unread).toBe(0);
    log.receive(msg('3', 'bob', '2026-11-25T10:00:03.000Z'));
    expect(log.get().unread).toBe(0);
    log.setOpen(false);
    log.receive(msg('4', 'bob', '2026-11-25T10:00:04.000Z'));
    expect(log.get().unread).toBe(1);
  });

  it('does not count history as unread', () => {
    const log = new ChatLog('me');
    log.addHistory([msg('1', 'bob', '2026-11-25T10:00:01.000Z')]);
    expect(log.get().unread).toBe(0);
  });
});
