import { describe, expect, it } from 'vitest';
import { chatAnnouncements, describe as say, loadAlertPrefs, rosterAnnouncements } from './alerts';
import type { ChatMessage, Participant } from './types';

const p = (socketId: string, username: string): Participant => ({
  socketId,
  userId: `u-${socketId}`,
  username,
  audio: true,
  video: true,
  screen: false,
  raised: false,
});
const msg = (id: string, userId: string, text: string): ChatMessage => ({
  id,
  userId,
  username: `name-${userId}`,
  text,
  sentAt: '2026-12-06T10:00:00.000Z',
});

describe('alerts', () => {
  it('announces who joined and left, never ourselves', () => {
    const before = [p('me', 'Me'), p('a', 'Ann'), p('b', 'Ben')];
    const after = [p('me', 'Me'), p('b', 'Ben'), p('c', 'Cat')];
    expect(rosterAnnouncements(before, after, 'me').map(say)).toEqual(['Cat joined', 'Ann left']);
    expect(rosterAnnouncements(after, after, 'me')).toEqual([]);
    expect(rosterAnnouncements([], [p('me', 'Me')], 'me')).toEqual([]);
  });

  it('announces new chat from others only', () => {
    const before = [msg('1', 'ua', 'hi')];
    const after = [...before, msg('2', 'me', 'mine'), msg('3', 'ub', 'hello')];
    expect(chatAnnouncements(before, after, 'me').map(say)).toEqual(['name-ub says: hello']);
  });

  it('keeps the sound and notification choices, both on by default', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    } as unknown as Storage;
    expect(loadAlertPrefs(storage)).toEqual({ sounds: true, notifications: true });
    store.set('parley.alerts', JSON.stringify({ sounds: false }));
    expect(loadAlertPrefs(storage)).toEqual({ sounds: false, notifications: true });
    store.set('parley.alerts', 'not json');
    expect(loadAlertPrefs(storage)).toEqual({ sounds: true, notifications: true });
  });
});
