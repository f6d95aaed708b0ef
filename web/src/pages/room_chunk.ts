// The room's code, a chunk of its own: loaded when a meeting page opens, while the join runs,
// rather than once it is done (docs/web.md "Join sequence").

import type { ComponentType } from 'react';
import type { MeetingCall } from '../core/call';

type RoomComponent = ComponentType<{ call: MeetingCall }>;

let loaded: RoomComponent | null = null;

export const loadRoom = () =>
  import('../components/room/room_view').then((module) => {
    loaded = module.default;
    return module;
  });

/** The room's component once its chunk has loaded, else null. */
export const loadedRoom = (): RoomComponent | null => loaded;
