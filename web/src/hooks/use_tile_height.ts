// Reports a remote tile's height in device pixels to the call, which picks the SFU simulcast
// layer from it (docs/web.md "The SFU").

import { useEffect, type RefObject } from 'react';
import { useCall } from './use_call';
import { useReadable } from './use_readable';

export function useTileHeight(socketId: string, ref: RefObject<HTMLElement | null>, on: boolean) {
  const paths = useReadable(useCall().paths);
  useEffect(() => {
    const el = ref.current;
    if (!on || !paths || !el || typeof ResizeObserver === 'undefined') return;
    const report = () =>
      paths.setTileHeight(socketId, Math.round(el.clientHeight * (window.devicePixelRatio || 1)));
    const observer = new ResizeObserver(report);
    observer.observe(el);
    report();
    return () => observer.disconnect();
  }, [paths, socketId, ref, on]);
}
