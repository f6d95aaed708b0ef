// The pre-flight probes (docs/web.md "Pre-flight"): open the camera and microphone, reach the
// signaling server, gather ICE candidates against the server's STUN and TURN, and time an
// upload. Each probe reports what it observed to preflight_rules, which says ok/warn/fail.
// Framework-free: the page renders `state` and the microphone `level`.

import { io } from 'socket.io-client';
import type { ApiClient } from './api_client';
import { Store, type Readable } from './observable';
import {
  CHECKS,
  cameraResult,
  deviceError,
  microphoneResult,
  signalingResult,
  turnResult,
  udpResult,
  type CheckName,
  type CheckResult,
} from './preflight_rules';

export interface PreflightState {
  /** A check's result, or null while it runs. */
  items: Record<CheckName, CheckResult | null>;
  /** Upload speed to the server, kbit/s: undefined while measuring, null when it failed. */
  uplinkKbps: number | null | undefined;
  /** The camera's preview stream while the check runs. */
  preview: MediaStream | null;
}

/** How long each network probe may take before it counts as failed. */
const PROBE_MS = 8000;

export class Preflight {
  readonly state: Readable<PreflightState>;
  /** Microphone level 0..1, updated about 20 times a second while the check runs. */
  readonly level: Readable<number>;
  private readonly store: Store<PreflightState>;
  private readonly levelStore = new Store(0);
  private readonly cleanups: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly api: ApiClient,
    private readonly signedIn: boolean,
  ) {
    const items = Object.fromEntries(CHECKS.map((c) => [c, null])) as PreflightState['items'];
    this.store = new Store<PreflightState>({ items, uplinkKbps: undefined, preview: null });
    this.state = this.store;
    this.level = this.levelStore;
  }

  /** Runs every probe at once; results arrive in the state as each finishes. */
  start(): void {
    this.stopped = false;
    void this.run('camera', () => this.camera());
    void this.run('microphone', () => this.microphone());
    void this.run('signaling', () => this.signaling());
    void this.ice();
    void this.uplink();
  }

  /** Releases devices, sockets and peer connections. Idempotent. */
  stop(): void {
    this.stopped = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private set(name: CheckName, r: CheckResult): void {
    if (this.stopped) return;
    this.store.update((s) => ({ ...s, items: { ...s.items, [name]: r } }));
  }

  private async run(name: CheckName, probe: () => Promise<CheckResult>): Promise<void> {
    let r: CheckResult;
    try {
      r = await probe();
    } catch {
      r = { status: 'fail', sentence: 'This check could not run.', advice: 'Reload and retry.' };
    }
    this.set(name, r);
  }

  private async open(kind: 'camera' | 'microphone'): Promise<MediaStream | CheckResult> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia(
        kind === 'camera' ? { video: true } : { audio: true },
      );
      this.cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
      return stream;
    } catch (error) {
      return deviceError(kind, error instanceof DOMException ? error.name : '');
    }
  }

  private async camera(): Promise<CheckResult> {
    const stream = await this.open('camera');
    if (!(stream instanceof MediaStream)) return stream;
    this.store.update((s) => ({ ...s, preview: stream }));
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    this.cleanups.push(() => (video.srcObject = null));
    await video.play().catch(() => undefined);
    const frames = await waitFor(() => (video.videoWidth > 0 ? 1 : 0), 5000);
    return cameraResult(frames);
  }

  private async microphone(): Promise<CheckResult> {
    const stream = await this.open('microphone');
    if (!(stream instanceof MediaStream)) return stream;
    const ctx = new AudioContext();
    this.cleanups.push(() => void ctx.close());
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let peak = 0;
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const v of samples) sum += v * v;
      const level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      peak = Math.max(peak, level);
      this.levelStore.set(level);
    }, 50);
    this.cleanups.push(() => clearInterval(timer));
    await waitFor(() => (peak > 0.01 ? 1 : 0), 4000);
    return microphoneResult(peak);
  }

  private async signaling(): Promise<CheckResult> {
    const socket = io({
      auth: { token: this.api.currentToken() ?? '' },
      reconnection: false,
      timeout: PROBE_MS,
    });
    this.cleanups.push(() => socket.disconnect());
    const outcome = await new Promise<Parameters<typeof signalingResult>[0]>((resolve) => {
      socket.on('connect', () => {
        // Wait briefly for the upgrade from polling to WebSocket to report the real transport.
        const engine = socket.io.engine;
        const done = () => resolve({ connected: true, transport: engine.transport.name });
        if (engine.transport.name === 'websocket') return done();
        engine.once('upgrade', done);
        setTimeout(done, 3000);
      });
      // A refused token still proves the server answered: reachable, transport unknown.
      socket.on('connect_error', (err: Error) =>
        resolve(
          err.message === 'unauthorized'
            ? { connected: true, transport: socket.io.engine?.transport?.name ?? 'polling' }
            : { connected: false, reason: err.message },
        ),
      );
    });
    socket.disconnect();
    return signalingResult(outcome);
  }

  private async ice(): Promise<void> {
    let servers: RTCIceServer[] = [];
    if (this.signedIn) servers = await this.api.iceServers().catch(() => []);
    const urls = (s: RTCIceServer) => (Array.isArray(s.urls) ? s.urls : [s.urls]);
    const stun = servers.filter((s) => urls(s).some((u) => u.startsWith('stun:')));
    const turn = servers.filter((s) => urls(s).some((u) => /^turns?:/.test(u)));
    await Promise.all([
      this.run('udp', async () => {
        const types = await gather({ iceServers: stun }, this.cleanups);
        return udpResult({
          stunConfigured: stun.length > 0,
          hostCandidates: types.filter((t) => t === 'host').length,
          srflxCandidates: types.filter((t) => t === 'srflx').length,
        });
      }),
      this.run('turn', async () => {
        const types =
          turn.length > 0
            ? await gather({ iceServers: turn, iceTransportPolicy: 'relay' }, this.cleanups)
            : [];
        return turnResult({
          turnConfigured: turn.length > 0,
          signedIn: this.signedIn,
          relayCandidates: types.filter((t) => t === 'relay').length,
        });
      }),
    ]);
  }

  /** Times a few uploads of 60 KiB to the server (each answered at once, nothing stored). */
  private async uplink(): Promise<void> {
    const body = new Uint8Array(60 * 1024).fill(32);
    let kbps: number | null = null;
    try {
      const t0 = performance.now();
      for (let i = 0; i < 4; i++) await fetch('/api/uplink-probe', { method: 'POST', body });
      const seconds = (performance.now() - t0) / 1000;
      kbps = Math.round((4 * body.length * 8) / 1000 / Math.max(seconds, 0.001));
    } catch {
      kbps = null;
    }
    if (!this.stopped) this.store.update((s) => ({ ...s, uplinkKbps: kbps }));
  }
}

/** Candidate types gathered by a lone peer connection within PROBE_MS. */
async function gather(config: RTCConfiguration, cleanups: (() => void)[]): Promise<string[]> {
  const pc = new RTCPeerConnection(config);
  cleanups.push(() => pc.close());
  const types: string[] = [];
  const done = new Promise<void>((resolve) => {
    pc.onicecandidate = (e) => {
      if (!e.candidate) return resolve();
      const type = / typ (\w+)/.exec(e.candidate.candidate)?.[1];
      if (type) types.push(type);
    };
    setTimeout(resolve, PROBE_MS);
  });
  pc.createDataChannel('probe');
  await pc.setLocalDescription(await pc.createOffer());
  await done;
  pc.close();
  return types;
}

/** Polls `value()` every 100 ms until it is non-zero or `ms` pass; returns the last value. */
async function waitFor(value: () => number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = value();
    if (v > 0 || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
