// Negotiation tracing for support and tests, off unless localStorage 'parley.debug' is '1'.
// With it on, the join sequence also leaves `parley:<step>` marks on the page's performance
// timeline (docs/web.md "Join sequence"), which the time-to-first-frame bench reads.

let enabled: boolean | null = null;

/** Whether the debug switch is on (read once per page). */
export function debugEnabled(): boolean {
  if (enabled === null) {
    try {
      enabled = globalThis.localStorage?.getItem('parley.debug') === '1';
    } catch {
      enabled = false;
    }
  }
  return enabled;
}

export function debugLog(...args: unknown[]): void {
  if (debugEnabled()) console.debug('[parley]', ...args);
}

/**
 * Marks `parley:<step>` on the performance timeline, with `detail` (e.g. `{peer}` for the
 * per-connection steps); nothing at all while debug is off.
 */
export function debugMark(step: string, detail?: Record<string, unknown>): void {
  if (debugEnabled()) globalThis.performance?.mark?.(`parley:${step}`, { detail });
}

/**
 * The per-connection marks of the join sequence on `pc`: `<prefix>ice-connected`,
 * `<prefix>dtls-connected` (the connection state `connected`: DTLS comes after ICE) and
 * `<prefix>track-<kind>`, each with `detail`; nothing while debug is off.
 */
export function markConnection(
  pc: RTCPeerConnection,
  prefix: string,
  detail: Record<string, unknown>,
): void {
  if (!debugEnabled()) return;
  pc.addEventListener('iceconnectionstatechange', () => {
    if (pc.iceConnectionState === 'connected') debugMark(`${prefix}ice-connected`, detail);
  });
  pc.addEventListener('connectionstatechange', () => {
    if (pc.connectionState === 'connected') debugMark(`${prefix}dtls-connected`, detail);
  });
  pc.addEventListener('track', ({ track }) => debugMark(`${prefix}track-${track.kind}`, detail));
}

/** For tests: forget the cached switch so the next call reads localStorage again. */
export function resetDebugSwitch(): void {
  enabled = null;
}
