// The moderation side of a call (docs/signaling.md "Moderation"): the meeting's lock and
// lobby settings, the lobby requests a host sees, the last notice a host sent us (muted, asked
// to unmute), recent reactions, and the host actions. Framework-free; MeetingCall owns one.

import type { ModerationRequests, ModerationServerEvents, MediaKind } from './moderation_events';
import { Store, type Readable } from './observable';
import type { MeetingSettings, Role } from './types';

export interface LobbyEntry {
  userId: string;
  username: string;
}

export interface Notice {
  kind: 'muted' | 'unmute-request';
  media: MediaKind;
  byUsername: string;
  /** Increases with every notice, so the same text twice is still a new notice. */
  seq: number;
}

export interface ShownReaction {
  socketId: string;
  emoji: string;
  seq: number;
}

export interface ModerationState {
  settings: MeetingSettings;
  /** People waiting in the lobby, in order of arrival (hosts and cohosts only). */
  requests: ReadonlyArray<LobbyEntry>;
  notice: Notice | null;
  /** Reactions still on screen, oldest first. */
  reactions: ReadonlyArray<ShownReaction>;
}

/** How long a reaction stays on its tile. */
export const REACTION_SHOWN_MS = 4000;

export type LobbyEvent =
  { type: 'request'; entry: LobbyEntry } | { type: 'resolved'; userId: string } | { type: 'clear' };

/** The lobby list as a pure reducer: one entry per user, removed once resolved. */
export function reduceLobby(
  list: ReadonlyArray<LobbyEntry>,
  event: LobbyEvent,
): ReadonlyArray<LobbyEntry> {
  switch (event.type) {
    case 'request':
      return list.some((e) => e.userId === event.entry.userId) ? list : [...list, event.entry];
    case 'resolved':
      return list.filter((e) => e.userId !== event.userId);
    case 'clear':
      return [];
  }
}

export function isModerator(role: Role | undefined): boolean {
  return role === 'host' || role === 'cohost';
}

type Send = <K extends keyof ModerationRequests>(
  event: K,
  payload?: ModerationRequests[K],
) => Promise<unknown>;

export class Moderation {
  private readonly store = new Store<ModerationState>({
    settings: { locked: false, lobby: false },
    requests: [],
    notice: null,
    reactions: [],
  });
  private seq = 0;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly send: Send) {}

  get state(): Readable<ModerationState> {
    return this.store;
  }

  /** Applies one server event; MeetingCall forwards the ones it does not act on itself. */
  receive<K extends keyof ModerationServerEvents>(name: K, payload: ModerationServerEvents[K]) {
    switch (name) {
      case 'meeting-settings':
        return this.setSettings(payload as MeetingSettings);
      case 'lobby-request':
        return this.lobby({ type: 'request', entry: payload as LobbyEntry });
      case 'lobby-resolved':
        return this.lobby({ type: 'resolved', userId: (payload as { userId: string }).userId });
      case 'muted':
      case 'unmute-request': {
        const p = payload as ModerationServerEvents['muted'];
        return this.patch({
          notice: { kind: name, media: p.kind, byUsername: p.byUsername, seq: ++this.seq },
        });
      }
      case 'reaction':
        return this.showReaction(payload as ModerationServerEvents['reaction']);
    }
  }

  setSettings(settings: MeetingSettings): void {
    this.patch({ settings: { locked: settings.locked, lobby: settings.lobby } });
  }

  /** After a (re)join: the server sends the lobby again to hosts, so start from empty. */
  resetLobby(): void {
    this.lobby({ type: 'clear' });
  }

  dismissNotice(): void {
    this.patch({ notice: null });
  }

  mute(targetSocket: string, kind: MediaKind) {
    return this.send('mute-participant', { targetSocket, kind });
  }
  muteAll(kind: MediaKind) {
    return this.send('mute-all', { kind });
  }
  askUnmute(targetSocket: string, kind: MediaKind) {
    return this.send('ask-unmute', { targetSocket, kind });
  }
  remove(targetSocket: string) {
    return this.send('remove-participant', { targetSocket });
  }
  setRole(targetSocket: string, role: 'cohost' | 'participant') {
    return this.send('set-role', { targetSocket, role });
  }
  lock(locked: boolean) {
    return this.send('lock-meeting', { locked });
  }
  setLobby(enabled: boolean) {
    return this.send('set-lobby', { enabled });
  }
  admit(userId: string) {
    return this.send('admit', { userId });
  }
  deny(userId: string) {
    return this.send('deny', { userId });
  }
  admitAll() {
    return this.send('admit-all');
  }
  react(emoji: string) {
    return this.send('reaction', { emoji });
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private lobby(event: LobbyEvent): void {
    this.store.update((s) => ({ ...s, requests: reduceLobby(s.requests, event) }));
  }

  private showReaction(r: { socketId: string; emoji: string }): void {
    const shown: ShownReaction = { socketId: r.socketId, emoji: r.emoji, seq: ++this.seq };
    this.store.update((s) => ({ ...s, reactions: [...s.reactions, shown] }));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.store.update((s) => ({ ...s, reactions: s.reactions.filter((x) => x !== shown) }));
    }, REACTION_SHOWN_MS);
    this.timers.add(timer);
  }

  private patch(change: Partial<ModerationState>): void {
    this.store.update((s) => ({ ...s, ...change }));
  }
}
