// User ids of remote participants this browser cannot reach (core/reachability.ts), re-checked
// every second while some connection is still being tried.

import { useEffect, useState } from 'react';
import { ReachabilityWatch } from '../core/reachability';
import { usePeers } from './use_peers';

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

export function useUnreachablePeers(): string[] {
  const peers = usePeers(); // the same Map until the peer list changes
  const [watch] = useState(() => new ReachabilityWatch());
  const [unreachable, setUnreachable] = useState<string[]>([]);
  useEffect(() => {
    const check = () => {
      const now = Date.now();
      watch.update([...peers.values()], now);
      const next = watch.unreachable(now);
      setUnreachable((prev) => (sameList(prev, next) ? prev : next));
    };
    const timer = setInterval(check, 1000);
    const first = setTimeout(check, 0);
    return () => {
      clearInterval(timer);
      clearTimeout(first);
    };
  }, [peers, watch]);
  return unreachable;
}
