// A small in-memory RTCPeerConnection for unit tests under Node, where no WebRTC exists.
// It models what negotiation logic depends on: the signaling-state machine (including the
// implicit rollback of a local offer when a remote offer is applied), negotiationneeded
// after track and direction changes, transceiver matching by kind, each transceiver's
// negotiated direction (currentDirection, from the offer's and the answerer's directions),
// InvalidStateError for candidates before a remote description, and connection-state
// changes. Media itself is not modelled.

let trackCount = 0;

export class FakeTrack extends EventTarget {
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  contentHint = '';
  readonly id = `track-${++trackCount}`;
  constructor(readonly kind: 'audio' | 'video') {
    super();
  }
  /** Like the browser's: stopping a track does not fire 'ended'. */
  stop(): void {
    this.readyState = 'ended';
  }
  /** The source went away (e.g. the browser's own "Stop sharing" button): fires 'ended'. */
  end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
  getSettings(): MediaTrackSettings {
    return { height: 720, deviceId: `${this.kind}-device` };
  }
}

export class FakeMediaStream {
  private tracks: FakeTrack[] = [];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeTrack): void {
    if (!this.tracks.includes(track)) this.tracks.push(track);
  }
  removeTrack(track: FakeTrack): void {
    this.tracks = this.tracks.filter((t) => t !== track);
  }
}

interface FakeSdp {
  kinds: Array<'audio' | 'video'>;
  ice: number;
  /** Each m-line's direction, as the writer of the description sees it. */
  dirs?: RTCRtpTransceiverDirection[];
}

const sends = (d: RTCRtpTransceiverDirection | undefined) => d === 'sendrecv' || d === 'sendonly';
const receives = (d: RTCRtpTransceiverDirection | undefined) =>
  d === 'sendrecv' || d === 'recvonly';
function directionOf(send: boolean, receive: boolean): RTCRtpTransceiverDirection {
  if (send) return receive ? 'sendrecv' : 'sendonly';
  return receive ? 'recvonly' : 'inactive';
}
/** The answer's direction for one m-line: what the answerer wants and the offer allows. */
function answered(
  offered: RTCRtpTransceiverDirection | undefined,
  own: RTCRtpTransceiverDirection,
) {
  const offer = offered ?? 'sendrecv';
  return directionOf(sends(own) && receives(offer), receives(own) && sends(offer));
}
/** The same m-line's direction seen from the other end. */
function reversed(d: RTCRtpTransceiverDirection): RTCRtpTransceiverDirection {
  return directionOf(receives(d), sends(d));
}

class FakeSender {
  params: RTCRtpSendParameters = {
    encodings: [{ active: true }],
    transactionId: 't',
    codecs: [],
    headerExtensions: [],
    rtcp: {},
  } as RTCRtpSendParameters;
  constructor(public track: FakeTrack | null) {}
  async replaceTrack(track: FakeTrack | null): Promise<void> {
    this.track = track;
  }
  getParameters(): RTCRtpSendParameters {
    return structuredClone(this.params);
  }
  async setParameters(params: RTCRtpSendParameters): Promise<void> {
    this.params = structuredClone(params);
  }
}

class FakeTransceiver {
  mid: string | null = null;
  usedToSend = false;
  currentDirection: RTCRtpTransceiverDirection | null = null;
  readonly sender: FakeSender;
  readonly receiver: { track: FakeTrack };
  /** Called when the direction changes (the connection's negotiationneeded). */
  onchange: () => void = () => {};
  constructor(
    kind: 'audio' | 'video',
    track: FakeTrack | null,
    private wanted: RTCRtpTransceiverDirection,
  ) {
    this.sender = new FakeSender(track);
    this.receiver = { track: new FakeTrack(kind) };
  }
  get direction(): RTCRtpTransceiverDirection {
    return this.wanted;
  }
  set direction(d: RTCRtpTransceiverDirection) {
    if (d === this.wanted) return;
    this.wanted = d;
    this.onchange();
  }
}

type Handler<E> = ((event: E) => void) | null;

export class FakePeerConnection {
  static instances: FakePeerConnection[] = [];
  /** When false, ICE never connects by itself (tests drive setConnectionState). */
  static autoConnect = true;
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: { type: RTCSdpType; sdp: string; toJSON(): RTCSessionDescriptionInit } | null =
    null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  readonly added: RTCIceCandidateInit[] = [];
  readonly transceivers: FakeTransceiver[] = [];
  restarts = 0;
  rollbacks = 0;
  closed = false;

  onnegotiationneeded: Handler<Event> = null;
  onicecandidate: Handler<{ candidate: { toJSON(): RTCIceCandidateInit } | null }> = null;
  ontrack: Handler<{ track: FakeTrack }> = null;
  onconnectionstatechange: Handler<Event> = null;
  onsignalingstatechange: Handler<Event> = null;

  /** The last remote offer applied (an answer's directions are computed from it). */
  private remoteSdp: FakeSdp | null = null;
  private negotiationPending = false;
  private negotiationQueued = false;
  private iceGeneration = 0;
  private candidateCount = 0;

  constructor(readonly configuration: RTCConfiguration) {
    FakePeerConnection.instances.push(this);
  }

  /** Reuses a transceiver of the same kind that never sent (one a remote offer created). */
  addTrack(track: FakeTrack): FakeSender {
    let t = this.transceivers.find(
      (x) => x.receiver.track.kind === track.kind && x.sender.track === null && !x.usedToSend,
    );
    if (t) {
      t.sender.track = track;
      t.direction = 'sendrecv';
    } else {
      t = this.track(new FakeTransceiver(track.kind, track, 'sendrecv'));
      this.transceivers.push(t);
    }
    t.usedToSend = true;
    this.needNegotiation();
    return t.sender;
  }

  /** Like the real one, takes a kind or a track; `sendEncodings` are kept on the sender. */
  addTransceiver(
    trackOrKind: 'audio' | 'video' | FakeTrack,
    init: { direction: RTCRtpTransceiverDirection; sendEncodings?: RTCRtpEncodingParameters[] },
  ): FakeTransceiver {
    const track = typeof trackOrKind === 'string' ? null : trackOrKind;
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    const t = this.track(new FakeTransceiver(kind, track, init.direction));
    if (init.sendEncodings) t.sender.params.encodings = structuredClone(init.sendEncodings);
    this.transceivers.push(t);
    this.needNegotiation();
    return t;
  }

  private track(t: FakeTransceiver): FakeTransceiver {
    t.onchange = () => this.needNegotiation();
    return t;
  }

  getTransceivers(): FakeTransceiver[] {
    return [...this.transceivers];
  }

  getSenders(): FakeSender[] {
    return this.transceivers.map((t) => t.sender);
  }

  restartIce(): void {
    this.restarts++;
    this.iceGeneration++;
    this.needNegotiation();
  }

  /** Like the real one, operations run one at a time in call order (the operations chain). */
  private chain: Promise<unknown> = Promise.resolve();
  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(operation);
    this.chain = result.catch(() => undefined);
    return result;
  }

  setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void> {
    return this.enqueue(() => this.doSetLocal(description));
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    return this.enqueue(() => this.doSetRemote(description));
  }

  addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    return this.enqueue(() => this.doAddCandidate(candidate));
  }

  private async doSetLocal(description?: RTCSessionDescriptionInit): Promise<void> {
    await tick();
    this.assertOpen();
    if (description?.type === 'rollback') return this.rollback();
    const offering = this.signalingState === 'stable' || this.signalingState === 'have-local-offer';
    const offered = offering ? [] : ((this.remoteSdp?.dirs ?? []) as RTCRtpTransceiverDirection[]);
    const dirs = this.transceivers.map((t, i) =>
      offering ? t.direction : answered(offered[i], t.direction),
    );
    const sdp = JSON.stringify({
      kinds: this.transceivers.map((t) => t.receiver.track.kind),
      ice: this.iceGeneration,
      dirs,
    } satisfies FakeSdp);
    if (offering) {
      this.localDescription = describe('offer', sdp);
      this.setSignaling('have-local-offer');
    } else if (this.signalingState === 'have-remote-offer') {
      this.localDescription = describe('answer', sdp);
      this.transceivers.forEach((t, i) => (t.currentDirection = dirs[i]!));
      this.setSignaling('stable');
      this.settled();
    } else {
      throw domError('InvalidStateError', `setLocalDescription in ${this.signalingState}`);
    }
    this.gatherCandidate();
  }

  private async doSetRemote(description: RTCSessionDescriptionInit): Promise<void> {
    // Applying a remote description takes longer than a task: negotiationneeded can fire
    // while it is in flight, as in browsers.
    await tick();
    await tick();
    this.assertOpen();
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') this.rollback(); // implicit rollback
      if (this.signalingState !== 'stable')
        throw domError('InvalidStateError', `offer in ${this.signalingState}`);
      this.remoteDescription = { type: 'offer', sdp: description.sdp ?? '' };
      this.remoteSdp = JSON.parse(description.sdp ?? '{}') as FakeSdp;
      this.applyRemote(this.remoteSdp);
      this.setSignaling('have-remote-offer');
    } else if (description.type === 'answer') {
      if (this.signalingState !== 'have-local-offer')
        throw domError('InvalidStateError', `answer in ${this.signalingState}`);
      this.remoteDescription = { type: 'answer', sdp: description.sdp ?? '' };
      const answer = JSON.parse(description.sdp ?? '{}') as FakeSdp;
      this.applyRemote(answer);
      answer.dirs?.forEach((d, i) => {
        const t = this.transceivers[i];
        if (t) t.currentDirection = reversed(d);
      });
      this.setSignaling('stable');
      this.settled();
    }
  }

  private async doAddCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    await tick();
    if (!this.remoteDescription) throw domError('InvalidStateError', 'no remote description');
    // Stands for a candidate of another ICE generation (e.g. from a rolled-back offer).
    if (candidate.candidate?.includes('stale')) throw domError('OperationError', 'unknown ufrag');
    this.added.push(candidate);
  }

  /** What getStats reports (tests fill it with RTCStats-shaped entries). */
  readonly stats = new Map<string, Record<string, unknown>>();

  async getStats(): Promise<Map<string, unknown>> {
    return new Map(this.stats);
  }

  close(): void {
    this.closed = true;
    this.signalingState = 'closed';
    this.connectionState = 'closed';
  }

  /** Test control: move the connection to `state` and fire the event. */
  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.(new Event('connectionstatechange'));
  }

  private applyRemote(sdp: FakeSdp): void {
    (sdp.kinds ?? []).forEach((kind, index) => {
      let t = this.transceivers[index];
      if (!t || t.receiver.track.kind !== kind) {
        t =
          this.transceivers.find((x) => x.mid === null && x.receiver.track.kind === kind) ??
          this.track(new FakeTransceiver(kind, null, 'recvonly'));
        if (!this.transceivers.includes(t)) this.transceivers.push(t);
      }
      if (t.mid === null) {
        t.mid = String(index);
        this.ontrack?.({ track: t.receiver.track });
      }
    });
  }

  private rollback(): void {
    this.rollbacks++;
    this.localDescription = null;
    this.setSignaling('stable');
  }

  private settled(): void {
    if (FakePeerConnection.autoConnect && this.connectionState !== 'connected')
      this.setConnectionState('connected');
    if (this.negotiationQueued) {
      this.negotiationQueued = false;
      this.needNegotiation();
    }
  }

  private needNegotiation(): void {
    if (this.negotiationPending) return;
    this.negotiationPending = true;
    setTimeout(() => {
      this.negotiationPending = false;
      if (this.closed) return;
      if (this.signalingState !== 'stable') {
        this.negotiationQueued = true;
        return;
      }
      this.onnegotiationneeded?.(new Event('negotiationneeded'));
    }, 0);
  }

  private gatherCandidate(): void {
    const n = ++this.candidateCount;
    setTimeout(() => {
      if (this.closed) return;
      const candidate = {
        candidate: `candidate:${n} 1 udp 1 127.0.0.1 ${40000 + n} typ host`,
        sdpMid: '0',
        sdpMLineIndex: 0,
      };
      this.onicecandidate?.({ candidate: { toJSON: () => candidate } });
    }, 0);
  }

  private setSignaling(state: RTCSignalingState): void {
    this.signalingState = state;
    this.onsignalingstatechange?.(new Event('signalingstatechange'));
  }

  private assertOpen(): void {
    if (this.closed) throw domError('InvalidStateError', 'closed');
  }
}

function describe(type: RTCSdpType, sdp: string) {
  return { type, sdp, toJSON: () => ({ type, sdp }) };
}

function domError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Installs the fakes as globals for the duration of a test file. */
export function installFakeMediaGlobals(): void {
  (globalThis as Record<string, unknown>).MediaStream = FakeMediaStream;
  (globalThis as Record<string, unknown>).RTCPeerConnection = FakePeerConnection;
}

export const asPeerConnection = (c: RTCConfiguration) =>
  new FakePeerConnection(c) as unknown as RTCPeerConnection;
