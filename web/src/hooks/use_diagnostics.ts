// Live diagnostics figures per remote socket id while `open` (sampling stops when closed).

import { useEffect, useMemo } from 'react';
import type { Figures } from '../core/diagnostics';
import { DiagnosticsSampler } from '../core/diagnostics_sampler';
import { useCall } from './use_call';
import { useReadable } from './use_readable';

export function useDiagnostics(open: boolean): ReadonlyMap<string, Figures> {
  const call = useCall();
  const sampler = useMemo(
    () =>
      new DiagnosticsSampler({
        socketIds: () => call.mesh?.peers.get().map((p) => p.socketId) ?? [],
        statsOf: (id) => call.mesh?.statsOf(id) ?? Promise.resolve(null),
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
