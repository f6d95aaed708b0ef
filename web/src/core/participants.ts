// Participant roster from signaling events, as a pure reducer: (roster, event) -> roster.
// Keyed by socket id (the same user in two tabs is two participants); order of arrival kept.

import type { MediaState, Participant, Role } from './types';

export type Roster = ReadonlyArray<Participant>;

export type RosterEvent =
  | { type: 'reset'; participants: Participant[] }
  | { type: 'existing'; participants: Participant[] }
  | { type: 'joined'; participant: Participant }
  | { type: 'left'; socketId: string }
  | { type: 'media'; socketId: string; state: MediaState }
  | { type: 'hand'; socketId: string; raised: boolean }
  | { type: 'role'; socketId: string; role: Role };

export function reduceRoster(roster: Roster, event: RosterEvent): Roster {
  switch (event.type) {
    case 'reset':
      return event.participants.map(normalize);
    case 'existing':
      return event.participants.reduce(upsert, roster);
    case 'joined':
      return upsert(roster, event.participant);
    case 'left':
      return roster.some((p) => p.socketId === event.socketId)
        ? roster.filter((p) => p.socketId !== event.socketId)
        : roster;
    case 'media':
      return patch(roster, event.socketId, {
        audio: event.state.audio,
        video: event.state.video,
        screen: event.state.screen,
      });
    case 'hand':
      return patch(roster, event.socketId, { raised: event.raised });
    case 'role':
      return patch(roster, event.socketId, { role: event.role });
  }
}

function upsert(roster: Roster, participant: Participant): Roster {
  const next = normalize(participant);
  const index = roster.findIndex((p) => p.socketId === next.socketId);
  if (index < 0) return [...roster, next];
  const copy = [...roster];
  copy[index] = next;
  return copy;
}

function patch(roster: Roster, socketId: string, change: Partial<Participant>): Roster {
  const index = roster.findIndex((p) => p.socketId === socketId);
  if (index < 0) return roster;
  const copy = [...roster];
  copy[index] = { ...copy[index]!, ...change };
  return copy;
}

/** Fills defaults the contract promises (`screen`/`raised` start false, media on). */
function normalize(p: Participant): Participant {
  return {
    socketId: p.socketId,
    userId: p.userId,
    username: p.username,
    audio: p.audio !== false,
    video: p.video !== false,
    screen: p.screen === true,
    raised: p.raised === true,
    role: p.role === 'host' || p.role === 'cohost' ? p.role : 'participant',
  };
}
