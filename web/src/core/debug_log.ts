// Negotiation tracing for support and tests, off unless localStorage 'parley.debug' is '1'.

let enabled: boolean | null = null;

export function debugLog(...args: unknown[]): void {
  if (enabled === null) {
    try {
      enabled = globalThis.localStorage?.getItem('parley.debug') === '1';
    } catch {
      enabled = false;
    }
  }
  if (enabled) console.debug('[parley]', ...args);
}
