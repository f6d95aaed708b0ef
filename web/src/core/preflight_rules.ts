// The pre-flight check's rules (docs/web.md "Pre-flight"): from what each probe observed to
// ok | warn | fail with a sentence a non-engineer understands and what to do. Pure, so the
// wording and the thresholds are tested without devices or a server.

export type CheckName = 'camera' | 'microphone' | 'signaling' | 'udp' | 'turn';
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  status: CheckStatus;
  /** What we found, in plain words. */
  sentence: string;
  /** What to do about it; empty when nothing needs doing. */
  advice: string;
}

export const CHECKS: CheckName[] = ['camera', 'microphone', 'signaling', 'udp', 'turn'];

export const CHECK_TITLES: Record<CheckName, string> = {
  camera: 'Camera',
  microphone: 'Microphone',
  signaling: 'Meeting server',
  udp: 'Direct connection (UDP)',
  turn: 'Relay server (TURN)',
};

const result = (status: CheckStatus, sentence: string, advice = ''): CheckResult => ({
  status,
  sentence,
  advice,
});

/** The worst of the items: one fail fails the whole check, one warn warns. */
export function overall(statuses: CheckStatus[]): CheckStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('warn')) return 'warn';
  return 'ok';
}

/** Why getUserMedia failed, from the DOMException name. */
export function deviceError(kind: 'camera' | 'microphone', errorName: string): CheckResult {
  if (errorName === 'NotAllowedError' || errorName === 'SecurityError')
    return result(
      'fail',
      `The browser is not allowed to use your ${kind}.`,
      `Click the camera icon in the address bar, allow the ${kind}, and run the check again.`,
    );
  if (errorName === 'NotFoundError' || errorName === 'OverconstrainedError')
    return result('fail', `No ${kind} was found.`, `Plug one in or turn it on, then check again.`);
  if (errorName === 'NotReadableError')
    return result(
      'fail',
      `Your ${kind} is busy or not working.`,
      `Close other apps that may be using it (another call, a recorder) and check again.`,
    );
  return result('fail', `Your ${kind} could not be opened.`, 'Reload the page and try again.');
}

export function cameraResult(frames: number): CheckResult {
  return frames > 0
    ? result('ok', 'Your camera works: we see its picture.')
    : result(
        'warn',
        'Your camera opened but sends no picture.',
        'Check that nothing covers the lens and no other app holds the camera.',
      );
}

/** `peak` is the loudest level heard, 0..1. */
export function microphoneResult(peak: number): CheckResult {
  return peak > 0.01
    ? result('ok', 'Your microphone works: we hear sound from it.')
    : result(
        'warn',
        'Your microphone opened but we hear only silence.',
        'Say something and watch the meter; check the mute switch on your headset or laptop.',
      );
}

export function signalingResult(
  outcome: { connected: true; transport: string } | { connected: false; reason: string },
): CheckResult {
  if (!outcome.connected)
    return result(
      'fail',
      'We cannot reach the meeting server.',
      'Check your internet connection; a firewall or proxy may block it. Try another network.',
    );
  if (outcome.transport === 'websocket')
    return result('ok', 'The meeting server is reachable over a fast, direct link (WebSocket).');
  return result(
    'warn',
    'The meeting server is reachable, but only through a slower fallback (long polling).',
    'A proxy or firewall blocks WebSockets. Calls still work; ask your network admin to allow them.',
  );
}

/** What ICE gathering against the server's STUN produced. */
export function udpResult(input: {
  stunConfigured: boolean;
  hostCandidates: number;
  srflxCandidates: number;
}): CheckResult {
  if (!input.stunConfigured)
    return input.hostCandidates > 0
      ? result(
          'warn',
          'Your device can send media directly, but this server has no STUN service to test the way out of your network.',
          'Nothing to do on your side; the server admin can add STUN to make this check complete.',
        )
      : result(
          'fail',
          'Your browser offers no network path for media.',
          'Turn off extensions or settings that disable WebRTC, then check again.',
        );
  return input.srflxCandidates > 0
    ? result('ok', 'Media can travel directly over UDP from your network.')
    : result(
        'fail',
        'Direct media (UDP) seems blocked on your network.',
        'Calls may still work through the relay server. On a company or hotel network, try another one.',
      );
}

/** What ICE gathering with relay-only candidates produced. */
export function turnResult(input: {
  turnConfigured: boolean;
  signedIn: boolean;
  relayCandidates: number;
}): CheckResult {
  if (!input.signedIn)
    return result(
      'warn',
      'The relay server can only be tested once you are signed in.',
      'Sign in or continue as a guest, then run the check again.',
    );
  if (!input.turnConfigured)
    return result(
      'fail',
      'This server has no relay (TURN) server, so calls from strict networks (offices, hotels, some mobile networks) may not connect.',
      'Ask whoever runs this Parley server to configure TURN (--turn-secret and --turn-urls).',
    );
  return input.relayCandidates > 0
    ? result('ok', 'The relay server works: calls can connect even from strict networks.')
    : result(
        'fail',
        'We could not reach the relay server.',
        'Your network may block it. Try another network, or tell the server admin.',
      );
}

/** Upload speed to the server, kbit/s; null when it could not be measured. */
export function uplinkSentence(kbps: number | null): { status: CheckStatus; sentence: string } {
  if (kbps === null) return { status: 'warn', sentence: 'We could not measure your upload speed.' };
  const mbps = kbps >= 10_000 ? Math.round(kbps / 1000) : Math.round(kbps / 100) / 10;
  if (kbps < 600)
    return {
      status: 'warn',
      sentence: `Your upload is about ${mbps} Mbit/s: enough for audio, video may look poor.`,
    };
  return { status: 'ok', sentence: `Your upload is about ${mbps} Mbit/s: enough for video.` };
}
