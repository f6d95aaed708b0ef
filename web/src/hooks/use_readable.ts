// The one bridge from core observables to React: every subscription goes through here.

import { useSyncExternalStore } from 'react';
import type { Readable } from '../core/observable';

export function useReadable<T>(readable: Readable<T>): T {
  return useSyncExternalStore(readable.subscribe, readable.get, readable.get);
}

const NONE: Readable<null> = { get: () => null, subscribe: () => () => undefined };

/** Like useReadable, for a store that may not exist yet. */
export function useOptionalReadable<T>(readable: Readable<T> | null | undefined): T | null {
  return useSyncExternalStore<T | null>(
    (readable ?? NONE).subscribe,
    (readable ?? NONE).get,
    (readable ?? NONE).get,
  );
}
