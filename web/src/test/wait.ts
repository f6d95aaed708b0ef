// Waiting in tests: on a loaded machine a dynamic import or a loopback request can take
// seconds, so tests wait for a positive outcome with a generous limit, never a fixed sleep.

import { vi } from 'vitest';

export const PATIENCE_MS = 15_000;

/** Retries `assertion` until it passes or PATIENCE_MS have gone by. */
export function until<T>(assertion: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(assertion, { timeout: PATIENCE_MS, interval: 20 });
}
