// Read-only hooks on `window.__parley` so end-to-end tests and support staff can inspect a
// running call (media counters per peer, roster, connection) without touching the UI.

import type { MeetingCall } from './call';
import { readCounters } from './stats';

export interface ParleyDebug {
  socketId(): string | null;
  connection(): string;
  /** The signaling transport in use (`websocket` or `polling`), null while disconnected. */
  transport(): string | null;
  roster(): unknown;
  /** Counters of every mesh link (`via: 'mesh'`), SFU subscription (`via: 'sfu'`, `kind`) and
   * SFU publisher (`via: 'sfu-out'`, `kind`, with adaptation's `sending`, `capKbps`, the
   * encodings switched on, `layers`: rid or index of each active one, and `ridBytes`: video
   * bytes sent so far per rid). */
  stats(): Promise<unknown[]>;
  /** The meeting's topology as the server last said. */
  topology(): string;
  /** The path each remote participant's tile plays, by socket id. */
  shown(): Record<string, string>;
  /** Bytes sent so far on every outgoing media stream (mesh links and SFU publishers). */
  sentBytes(): Promise<number>;
}

declare global {
  interface Window {
    __parley?: ParleyDebug;
  }
}

/** Video bytes sent so far per simulcast layer (rid), to tell which layers the browser sends. */
function ridBytesOf(report: RTCStatsReport): Record<string, number> {
  const out: Record<string, number> = {};
  report.forEach((s: { type?: string; kind?: string; rid?: string; bytesSent?: number }) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video') out[s.rid ?? '-'] = s.bytesSent ?? 0;
  });
  return out;
}

async function sfuStats(call: MeetingCall): Promise<unknown[]> {
  const sfu = call.paths.get()?.sfu;
  const subs = sfu?.allSubscribers() ?? [];
  const out = (sfu?.allPublishers() ?? []).map(async (p) => {
    const report = await p.getStats().catch(() => new Map() as never);
    return {
      via: 'sfu-out',
      kind: p.kind,
      state: p.pc.connectionState,
      ...(p.kind === 'camera' ? sfu?.uplink.get() : {}),
      layers: p.activeLayers(),
      ridBytes: ridBytesOf(report),
      ...readCounters(report),
    };
  });
  const received = Promise.all(
    subs.map(async (s) => ({
      via: 'sfu',
      kind: s.feed.kind,
      socketId: s.feed.socketId,
      userId: s.feed.userId,
      state: s.pc.connectionState,
      layer: s.layer,
      ...readCounters(await s.getStats().catch(() => new Map() as never)),
    })),
  );
  return [...(await received), ...(await Promise.all(out))];
}

async function sentBytes(call: MeetingCall): Promise<number> {
  const sfu = call.paths.get()?.sfu;
  const connections = [
    ...(call.mesh.get()?.connections() ?? []),
    ...(sfu?.allPublishers() ?? []).map((p) => p.pc),
  ];
  let total = 0;
  for (const pc of connections) {
    const report = await pc.getStats().catch(() => new Map() as unknown as RTCStatsReport);
    report.forEach((s: { type: string; bytesSent?: number }) => {
      if (s.type === 'outbound-rtp') total += s.bytesSent ?? 0;
    });
  }
  return total;
}

/** Installs the hooks for `call`; returns the function that removes them. */
export function installDebugHooks(call: MeetingCall): () => void {
  const hooks: ParleyDebug = {
    socketId: () => call.state.get().selfSocketId,
    connection: () => call.connection.get(),
    transport: () => call.transport,
    roster: () => call.roster.get(),
    stats: async () => [
      ...((await call.mesh.get()?.snapshot()) ?? []).map((s) => ({ via: 'mesh', ...s })),
      ...(await sfuStats(call)),
    ],
    topology: () => call.paths.get()?.mode.get() ?? 'mesh',
    sentBytes: () => sentBytes(call),
    shown: () => {
      const paths = call.paths.get();
      return Object.fromEntries(
        (paths?.peers.get() ?? []).map((p) => [p.socketId, paths?.shown(p.socketId) ?? 'mesh']),
      );
    },
  };
  window.__parley = hooks;
  return () => {
    if (window.__parley === hooks) delete window.__parley;
  };
}
