import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Moderation,
  REACTION_SHOWN_MS,
  isModerator,
  reduceLobby,
  type LobbyEvent,
} from './moderation';
import { reduceRoster } from './participants';
import type { Participant } from './types';

const by = { bySocket: 'sh', byUserId: 'uh', byUsername: 'Hana' };

describe('the lobby list', () => {
  const run = (events: LobbyEvent[]) => events.reduce(reduceLobby, []);
  it('keeps one entry per user in order of arrival and drops resolved ones', () => {
    expect(
      run([
        { type: 'request', entry: { userId: 'a', username: 'Ann' } },
        { type: 'request', entry: { userId: 'b', username: 'Ben' } },
        { type: 'request', entry: { userId: 'a', username: 'Ann' } },
      ]),
    ).toEqual([
      { userId: 'a', username: 'Ann' },
      { userId: 'b', username: 'Ben' },
    ]);
    expect(
      run([
        { type: 'request', entry: { userId: 'a', username: 'Ann' } },
        { type: 'resolved', userId: 'a' },
        { type: 'resolved', userId: 'a' },
      ]),
    ).toEqual([]);
    expect(
      run([{ type: 'request', entry: { userId: 'a', username: 'A' } }, { type: 'clear' }]),
    ).toEqual([]);
  });
});

describe('Moderation', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends each host action as its contract event and payload', async () => {
    const sent: Array<[string, unknown]> = [];
    const m = new Moderation((event, payload) => {
      sent.push([event, payload]);
      return Promise.resolve({ ok: true });
    });
    await m.mute('s1', 'audio');
    await m.muteAll('video');
    await m.askUnmute('s1', 'audio');
    await m.remove('s2');
    await m.setRole('s2', 'cohost');
    await m.lock(true);
    await m.setLobby(false);
    await m.admit('u1');
    await m.deny('u2');
    await m.admitAll();
    await m.react('🎉');
    expect(sent).toEqual([
      ['mute-participant', { targetSocket: 's1', kind: 'audio' }],
      ['mute-all', { kind: 'video' }],
      ['ask-unmute', { targetSocket: 's1', kind: 'audio' }],
      ['remove-participant', { targetSocket: 's2' }],
      ['set-role', { targetSocket: 's2', role: 'cohost' }],
      ['lock-meeting', { locked: true }],
      ['set-lobby', { enabled: false }],
      ['admit', { userId: 'u1' }],
      ['deny', { userId: 'u2' }],
      ['admit-all', undefined],
      ['reaction', { emoji: '🎉' }],
    ]);
  });

  it('follows settings, lobby events, notices, and shows a reaction for a while', () => {
    const m = new Moderation(() => Promise.resolve());
    m.receive('meeting-settings', { locked: true, lobby: true });
    m.receive('lobby-request', { userId: 'u1', username: 'Ann' });
    m.receive('lobby-request', { userId: 'u2', username: 'Ben' });
    m.receive('lobby-resolved', { userId: 'u1', outcome: 'admitted' });
    m.receive('muted', { ...by, kind: 'audio' });
    m.receive('reaction', { socketId: 's1', userId: 'u1', emoji: '👍' });
    const s = m.state.get();
    expect(s.settings).toEqual({ locked: true, lobby: true });
    expect(s.requests).toEqual([{ userId: 'u2', username: 'Ben' }]);
    expect(s.notice).toMatchObject({ kind: 'muted', media: 'audio', byUsername: 'Hana' });
    expect(s.reactions.map((r) => r.emoji)).toEqual(['👍']);
    vi.advanceTimersByTime(REACTION_SHOWN_MS + 1);
    expect(m.state.get().reactions).toEqual([]);
    m.dismissNotice();
    expect(m.state.get().notice).toBeNull();
  });

  it('knows who moderates, and the roster follows role changes', () => {
    expect(isModerator('host')).toBe(true);
    expect(isModerator('cohost')).toBe(true);
    expect(isModerator('participant')).toBe(false);
    expect(isModerator(undefined)).toBe(false);
    const p: Participant = {
      socketId: 's1',
      userId: 'u1',
      username: 'A',
      audio: true,
      video: true,
      screen: false,
      raised: false,
    };
    const roster = reduceRoster([p], { type: 'reset', participants: [p] });
    expect(roster[0]!.role).toBe('participant');
    expect(reduceRoster(roster, { type: 'role', socketId: 's1', role: 'cohost' })[0]!.role).toBe(
      'cohost',
    );
  });
});
