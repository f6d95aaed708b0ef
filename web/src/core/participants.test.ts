import { describe, expect, it } from 'vitest';
import { reduceRoster, type Roster, type RosterEvent } from './participants';
import type { Participant } from './types';

const person = (
  socketId: string,
  userId: string,
  extra: Partial<Participant> = {},
): Participant => ({
  socketId,
  userId,
  username: `name-${userId}`,
  audio: true,
  video: true,
  screen: false,
  raised: false,
  ...extra,
});

const run = (events: RosterEvent[], start: Roster = []) => events.reduce(reduceRoster, start);

describe('roster from signaling events', () => {
  it('builds from the join reply, then joins, leaves, media and hands', () => {
    const roster = run([
      { type: 'reset', participants: [person('s1', 'u1'), person('s2', 'u2', { audio: false })] },
      { type: 'joined', participant: person('s3', 'u3') },
      { type: 'media', socketId: 's1', state: { audio: false, video: false, screen: true } },
      { type: 'hand', socketId: 's3', raised: true },
      { type: 'left', socketId: 's2' },
    ]);
    expect(roster.map((p) => p.socketId)).toEqual(['s1', 's3']);
    expect(roster[0]).toMatchObject({ audio: false, video: false, screen: true });
    expect(roster[1]).toMatchObject({ raised: true, audio: true });
  });

  it('keeps one entry per socket: the same user in two tabs is two participants', () => {
    const roster = run([
      { type: 'joined', participant: person('tab1', 'u1') },
      { type: 'joined', participant: person('tab2', 'u1') },
      { type: 'joined', participant: person('tab1', 'u1', { video: false }) }, // duplicate delivery
    ]);
    expect(roster.map((p) => p.socketId)).toEqual(['tab1', 'tab2']);
    expect(roster[0]!.video).toBe(false);
  });

  it('merges existing-participants with the ack in either order without duplicates', () => {
    const ack: RosterEvent = {
      type: 'reset',
      participants: [person('me', 'u0'), person('s1', 'u1')],
    };
    const existing: RosterEvent = { type: 'existing', participants: [person('s1', 'u1')] };
    expect(run([existing, ack]).map((p) => p.socketId)).toEqual(['me', 's1']);
    expect(run([ack, existing]).map((p) => p.socketId)).toEqual(['me', 's1']);
  });

  it('fills contract defaults: screen and raised start false, media on, role participant', () => {
    const partial = { socketId: 's', userId: 'u', username: 'n' } as Participant;
    expect(run([{ type: 'joined', participant: partial }])[0]).toEqual({
      socketId: 's',
      userId: 'u',
      username: 'n',
      audio: true,
      video: true,
      screen: false,
      raised: false,
      role: 'participant',
    });
  });

  it('ignores events for unknown sockets and returns the same roster object', () => {
    const roster = run([{ type: 'joined', participant: person('s1', 'u1') }]);
    expect(reduceRoster(roster, { type: 'left', socketId: 'nope' })).toBe(roster);
    expect(reduceRoster(roster, { type: 'hand', socketId: 'nope', raised: true })).toBe(roster);
    expect(
      reduceRoster(roster, {
        type: 'media',
        socketId: 'nope',
        state: { audio: false, video: false, screen: false },
      }),
    ).toBe(roster);
  });
});
