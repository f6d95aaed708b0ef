// How server events reach the parts of a call (docs/signaling.md, Server → client events):
// one small handler per event, in a table that must name every event ServerEvents lists.

import type { CallRoster } from './call_roster';
import type { MediaPaths } from './media_paths';
import type { ChatLog } from './chat_log';
import type { Emitter } from './emitter';
import type { PeerMesh } from './mesh';
import type { ModerationServerEvents } from './moderation_events';
import type { ServerEvents } from './signaling';

export interface CallParts {
  roster: CallRoster;
  mesh: PeerMesh;
  /** The topology and the SFU (media_paths.ts): which mesh links are wanted. */
  paths: MediaPaths;
  chat: ChatLog;
  /** Our current socket id, null before joining. */
  selfId(): string | null;
  /** `meeting-ended` arrived. */
  ended(): void;
  /** `recording` (docs/recording.md "Signaling"). */
  recording(status: unknown): void;
  /** The moderation events (docs/signaling.md "Moderation"), handled by the call. */
  moderation: { [K in keyof ModerationServerEvents]: (payload: ModerationServerEvents[K]) => void };
}

type Handlers = { [K in keyof ServerEvents]: (payload: ServerEvents[K]) => void };

/** Subscribes `parts` to `events` and to the mesh's own events; returns the unsubscribers. */
export function routeServerEvents(
  events: Emitter<ServerEvents>,
  parts: CallParts,
): Array<() => void> {
  const { roster, mesh, chat, paths } = parts;
  const handlers: Handlers = {
    'existing-participants': (list) => roster.dispatch({ type: 'existing', participants: list }),
    'user-joined': (p) => {
      roster.dispatch({ type: 'joined', participant: p });
      // They joined after us: we offer (our page is the idle one, docs/web.md "The mesh").
      if (p.socketId !== parts.selfId() && paths.wantsMesh())
        mesh.adopt(p.socketId, p.userId, 'us');
    },
    'user-left': ({ socketId }) => roster.scheduleLeave(socketId),
    // A link closed after its participant moved to the SFU stays closed (docs/web.md "The SFU").
    offer: (m) =>
      paths.acceptsMesh(m.fromSocket) &&
      void mesh.handleDescription(m.fromSocket, m.fromUserId, m.offer).catch(warn),
    answer: (m) =>
      paths.acceptsMesh(m.fromSocket) &&
      void mesh.handleDescription(m.fromSocket, m.fromUserId, m.answer).catch(warn),
    'ice-candidate': (m) =>
      paths.acceptsMesh(m.fromSocket) &&
      void mesh.handleCandidate(m.fromSocket, m.fromUserId, m.candidate).catch(warn),
    'media-state': (m) => roster.dispatch({ type: 'media', socketId: m.socketId, state: m }),
    'raise-hand': (m) => roster.dispatch({ type: 'hand', socketId: m.socketId, raised: m.raised }),
    'chat-message': (m) => chat.receive(m),
    'meeting-ended': () => parts.ended(),
    recording: (status) => parts.recording(status),
    ...parts.moderation,
    ...paths.handlers(),
  };
  const bind = <K extends keyof ServerEvents>(name: K) => events.on(name, handlers[name]);
  return [
    ...(Object.keys(handlers) as Array<keyof ServerEvents>).map(bind),
    // A link kept across a reconnect moved to a new socket id, or was never claimed.
    mesh.events.on('renamed', ({ from }) => roster.dispatch({ type: 'left', socketId: from })),
    mesh.events.on('expired', (id) => roster.dispatch({ type: 'left', socketId: id })),
  ];
}

export function warn(error: unknown): void {
  console.warn('parley:', error);
}
