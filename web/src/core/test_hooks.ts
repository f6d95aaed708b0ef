// Read-only hooks on `window.__parley` so end-to-end tests and support staff can inspect a
// running call (media counters per peer, roster, connection) without touching the UI.

import type { MeetingCall } from './call';

export interface ParleyDebug {
  socketId(): string | null;
  connection(): string;
  roster(): unknown;
  stats(): Promise<unknown[]>;
}

declare global {
  interface Window {
    __parley?: ParleyDebug;
  }
}

/** Installs the hooks for `call`; returns the function that removes them. */
export function installDebugHooks(call: MeetingCall): () => void {
  const hooks: ParleyDebug = {
    socketId: () => call.state.get().selfSocketId,
    connection: () => call.connection.get(),
    roster: () => call.roster.get(),
    stats: async () => call.mesh.get()?.snapshot() ?? [],
  };
  window.__parley = hooks;
  return () => {
    if (window.__parley === hooks) delete window.__parley;
  };
}
