import { describe, expect, it } from 'vitest';
import {
  cameraResult,
  deviceError,
  microphoneResult,
  overall,
  signalingResult,
  turnResult,
  udpResult,
  uplinkSentence,
} from './preflight_rules';

describe('pre-flight rules', () => {
  it.each([
    [['ok', 'ok'], 'ok'],
    [['ok', 'warn'], 'warn'],
    [['warn', 'fail', 'ok'], 'fail'],
    [[], 'ok'],
  ] as const)('overall of %j is %s', (items, want) => expect(overall([...items])).toBe(want));

  it.each([
    ['NotAllowedError', /not allowed/],
    ['NotFoundError', /No camera/],
    ['NotReadableError', /busy/],
    ['AbortError', /could not be opened/],
  ])('explains %s', (name, sentence) => {
    const r = deviceError('camera', name);
    expect(r.status).toBe('fail');
    expect(r.sentence).toMatch(sentence);
    expect(r.advice).not.toBe('');
  });

  it('classifies devices, signaling, UDP and TURN', () => {
    expect(cameraResult(3).status).toBe('ok');
    expect(cameraResult(0).status).toBe('warn');
    expect(microphoneResult(0.2).status).toBe('ok');
    expect(microphoneResult(0).status).toBe('warn');
    expect(signalingResult({ connected: true, transport: 'websocket' }).status).toBe('ok');
    expect(signalingResult({ connected: true, transport: 'polling' }).status).toBe('warn');
    expect(signalingResult({ connected: false, reason: 'timeout' }).status).toBe('fail');
    const udp = { stunConfigured: true, hostCandidates: 1, srflxCandidates: 0 };
    expect(udpResult(udp).status).toBe('fail');
    expect(udpResult({ ...udp, srflxCandidates: 1 }).status).toBe('ok');
    expect(udpResult({ ...udp, stunConfigured: false }).status).toBe('warn');
    expect(udpResult({ stunConfigured: false, hostCandidates: 0, srflxCandidates: 0 }).status).toBe(
      'fail',
    );
    const turn = { turnConfigured: true, signedIn: true, relayCandidates: 1 };
    expect(turnResult(turn).status).toBe('ok');
    expect(turnResult({ ...turn, relayCandidates: 0 }).status).toBe('fail');
    const none = turnResult({ ...turn, turnConfigured: false });
    expect(none.status).toBe('fail');
    expect(none.sentence).toMatch(/no relay/);
    expect(turnResult({ ...turn, signedIn: false }).status).toBe('warn');
  });

  it.each([
    [null, 'warn'],
    [300, 'warn'],
    [4200, 'ok'],
  ] as const)('uplink of %s kbit/s is %s', (kbps, status) =>
    expect(uplinkSentence(kbps).status).toBe(status),
  );
});
