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
        // Each remote participant through the path its tile plays (core/media_paths.ts).
        targets: () => {
          const mesh = call.mesh.get();
          const paths = call.paths.get();
          if (!mesh || !paths) return [];
          return paths.peers.get().flatMap((p) => {
            const viaSfu = paths.shown(p.socketId) === 'sfu' && paths.sfu;
            const target: StatsTarget | undefined = viaSfu
              ? paths.sfu?.subscribersOf(p.socketId).find((s) => s.feed.kind === 'camera')
              : mesh.link(p.socketId);
            return target ? [[p.socketId, target] as const] : [];
          });
        },
        viaSfu: () => call.paths.get()?.mode.get() === 'sfu',
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
