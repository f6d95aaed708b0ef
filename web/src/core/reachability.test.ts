import { describe, expect, it } from 'vitest';
import { ReachabilityWatch, type PeerConnectionView } from './reachability';

const peer = (userId: string, connectionState: RTCPeerConnectionState): PeerConnectionView => ({
  userId,
  connectionState,
});

describe('ReachabilityWatch', () => {
  it('gives up on a peer that never connects after giveUpMs, not before', () => {
    const w = new ReachabilityWatch(20000);
    w.update([peer('bob', 'new')], 0);
    w.update([peer('bob', 'connecting')], 5000);
    expect(w.unreachable(19999)).toEqual([]);
    expect(w.unreachable(20000)).toEqual(['bob']);
  });

  it('reports a failed connection at once and clears it when it connects', () => {
    const w = new ReachabilityWatch(20000);
    w.update([peer('bob', 'connecting')], 0);
    w.update([peer('bob', 'failed')], 1000);
    expect(w.unreachable(1000)).toEqual(['bob']);
    w.update([peer('bob', 'connecting')], 2000); // an ICE restart: still not reachable
    expect(w.unreachable(2000)).toEqual(['bob']);
    w.update([peer('bob', 'connected')], 3000);
    expect(w.unreachable(60000)).toEqual([]);
  });

  it('keeps the clock across a replaced connection to the same person', () => {
    const w = new ReachabilityWatch(20000);
    w.update([peer('bob', 'connecting')], 0);
    w.update([], 10000 - 1); // not present: forgotten
    w.update([peer('bob', 'connecting')], 10000);
    expect(w.unreachable(29999)).toEqual([]);
    w.update([peer('bob', 'new'), peer('bob', 'connecting')], 15000);
    expect(w.unreachable(30000)).toEqual(['bob']);
  });

  it('counts a person connected when any of their connections is', () => {
    const w = new ReachabilityWatch(1000);
    w.update([peer('bob', 'failed'), peer('bob', 'connected'), peer('ann', 'failed')], 0);
    expect(w.unreachable(5000)).toEqual(['ann']);
  });
});
