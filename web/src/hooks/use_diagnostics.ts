// Live diagnostics figures per remote socket id while `open` (sampling stops when closed).
// The mesh is read at each round, so a mesh created after the first render is followed.

import { useEffect, useMemo } from 'react';
import type { Figures } from '../core/diagnostics';
import { DiagnosticsSampler } from '../core/diagnostics_sampler';
import type { StatsTarget } from '../core/stats_sampler';
import { useCall } from './use_call';
import { useReadable } from './use_readable';

export function useDiagnostics(open: boolean): ReadonlyMap<string, Figures> {
  const call = useCall();
  const sampler = useMemo(
    () =>
      new DiagnosticsSampler({
        targets: () => {
          const mesh = call.mesh.get();
          if (!mesh) return [];
          return mesh.peers.get().flatMap((p) => {
            const link = mesh.link(p.socketId);
            return link
              ? [[p.socketId, link] as const satisfies readonly [string, StatsTarget]]
              : [];
          });
        },
        viaSfu: () => false, // the mesh is the only media path so far (docs/web.md)
      }),
    [call],
  );
  useEffect(() => {
    if (!open) return;
    sampler.start();
    return () => sampler.stop();
  }, [sampler, open]);
  return useReadable(sampler.figures);
}
