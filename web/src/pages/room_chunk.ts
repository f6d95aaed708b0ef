// The room's code, a chunk of its own: loaded when a meeting page opens, while the join runs,
// rather than once it is done (docs/web.md "Join sequence").

export const loadRoom = () => import('../components/room/room_view');
