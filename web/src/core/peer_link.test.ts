import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  asPeerConnection,
  FakeMediaStream,
  FakePeerConnection,
  FakeTrack,
  installFakeMediaGlobals,
} from '../test/fake_webrtc';
import { isPolite, PeerLink, sessionOf, type SignalSink } from './peer_link';

beforeAll(installFakeMediaGlobals);
afterEach(() => {
  vi.useRealTimers();
  FakePeerConnection.instances.length = 0;
});

type Message =
  | { kind: 'description'; value: RTCSessionDescriptionInit }
  | { kind: 'candidate'; value: RTCIceCandidateInit | null };

/** Two links wired back to back through a relay that delivers after `delay()` ms, in order. */
function pair(options: { delay?: () => number } = {}) {
  const delay = options.delay ?? (() => 0);
  const links: Record<'a' | 'b', PeerLink | null> = { a: null, b: null };
  const log: string[] = [];
  const errors: unknown[] = [];
  let chain: Record<'a' | 'b', Promise<void>> = { a: Promise.resolve(), b: Promise.resolve() };
  const sinkTo = (to: 'a' | 'b'): SignalSink => {
    const deliver = (m: Message) => {
      log.push(
        `${to === 'a' ? 'b' : 'a'}->${to} ${m.kind === 'description' ? m.value.type : 'candidate'}`,
      );
      const wait = delay();
      chain[to] = chain[to]
        .then(() => new Promise((r) => setTimeout(r, wait)))
        .then(async () => {
          const target = links[to]!;
          try {
            if (m.kind === 'description') await target.handleDescription(m.value);
            else await target.handleCandidate(m.value);
          } catch (error) {
            errors.push(error);
          }
        });
    };
    return {
      canSignal: () => true,
      description: (value) => deliver({ kind: 'description', value }),
      candidate: (value) => deliver({ kind: 'candidate', value }),
    };
  };
  const make = (self: string, remote: string, sink: SignalSink) =>
    new PeerLink({
      remoteSocketId: remote,
      remoteUserId: `user-${remote}`,
      polite: isPolite(self, remote),
      configuration: {},
      sink,
      createPeerConnection: asPeerConnection,
    });
  links.a = make('sock-a', 'sock-b', sinkTo('b'));
  links.b = make('sock-b', 'sock-a', sinkTo('a'));
  /** Waits until no message has moved for several turns (or gives up after ~1 s). */
  const settle = async () => {
    let quiet = 0;
    let seen = -1;
    for (let i = 0; i < 300 && quiet < 8; i++) {
      await new Promise((r) => setTimeout(r, 2));
      await Promise.all([chain.a, chain.b]);
      quiet = log.length === seen ? quiet + 1 : 0;
      seen = log.length;
    }
  };
  chain = { a: chain.a, b: chain.b };
  return { a: links.a, b: links.b, log, errors, settle };
}

function sendBoth(link: PeerLink) {
  const stream = new FakeMediaStream() as unknown as MediaStream;
  void link.setTrack('audio', new FakeTrack('audio') as unknown as MediaStreamTrack, stream);
  void link.setTrack('video', new FakeTrack('video') as unknown as MediaStreamTrack, stream);
}

const fake = (link: PeerLink) => link.pc as unknown as FakePeerConnection;

describe('remote session', () => {
  it('reads the o= session id that identifies one remote peer connection', () => {
    expect(sessionOf('v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n')).toBe(
      '4611731400430051336',
    );
    expect(sessionOf('v=0\r\ns=-\r\n')).toBeNull();
    expect(sessionOf(undefined)).toBeNull();
  });
});

describe('negotiation roles', () => {
  it('makes exactly one side of every pair polite', () => {
    const ids = ['a', 'b', 'Zq3', 'zq3', '-x', 'x-', 'AAAA', 'aaaa'];
    for (const x of ids) {
      for (const y of ids) {
        if (x === y) continue;
        expect(isPolite(x, y)).not.toBe(isPolite(y, x));
      }
    }
  });
});

describe('perfect negotiation', () => {
  it('connects when only one side offers', async () => {
    const { a, b, settle, errors } = pair();
    sendBoth(a);
    await settle();
    expect(errors).toEqual([]);
    expect(a.pc.signalingState).toBe('stable');
    expect(b.pc.signalingState).toBe('stable');
    expect(
      b.remoteStream
        .getTracks()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
  });

  it('resolves glare: both offer at once, the polite side rolls back, both end stable', async () => {
    const { a, b, settle, errors, log } = pair();
    sendBoth(a);
    sendBoth(b);
    await settle();
    expect(errors).toEqual([]);
    expect(log.filter((l) => l.endsWith('offer'))).toHaveLength(2); // both offered
    const [polite, impolite] = a.polite ? [a, b] : [b, a];
    expect(fake(polite).rollbacks).toBeGreaterThan(0);
    expect(fake(impolite).rollbacks).toBe(0);
    for (const link of [a, b]) {
      expect(link.pc.signalingState).toBe('stable');
      expect(link.pc.connectionState).toBe('connected');
      expect(
        link.remoteStream
          .getTracks()
          .map((t) => t.kind)
          .sort(),
      ).toEqual(['audio', 'video']);
    }
  });

  it('still answers when negotiationneeded fires while a remote offer is being applied', async () => {
    const sent: RTCSessionDescriptionInit[] = [];
    const link = new PeerLink({
      remoteSocketId: 'r',
      remoteUserId: 'u',
      polite: false,
      configuration: {},
      sink: { canSignal: () => true, description: (d) => sent.push(d), candidate: () => undefined },
      createPeerConnection: asPeerConnection,
    });
    const applying = link.handleDescription({
      type: 'offer',
      sdp: JSON.stringify({ kinds: ['audio', 'video'], ice: 0 }),
    });
    sendBoth(link); // negotiationneeded fires while the offer is still being applied
    await applying;
    await vi.waitFor(() => expect(sent.map((d) => d.type)).toContain('answer'));
    // The answer goes out before any new offer, and nothing is sent twice.
    expect(sent[0]!.type).toBe('answer');
    expect(new Set(sent.map((d) => `${d.type}:${d.sdp}`)).size).toBe(sent.length);
    link.close();
  });

  it('never wedges under random delivery delays', async () => {
    for (let round = 0; round < 25; round++) {
      const { a, b, settle, errors } = pair({ delay: () => Math.floor(Math.random() * 4) });
      sendBoth(a);
      if (round % 3 !== 0) sendBoth(b);
      if (round % 4 === 0) a.pc.restartIce();
      await settle();
      expect(errors).toEqual([]);
      expect([a.pc.signalingState, b.pc.signalingState]).toEqual(['stable', 'stable']);
      expect(b.remoteStream.getTracks()).toHaveLength(2);
      a.close();
      b.close();
    }
  }, 20000);
});

describe('ICE candidates', () => {
  it('buffers candidates that arrive before the remote description, then applies them in order', async () => {
    const sink: SignalSink = { canSignal: () => true, description: vi.fn(), candidate: vi.fn() };
    const link = new PeerLink({
      remoteSocketId: 'r',
      remoteUserId: 'u',
      polite: true,
      configuration: {},
      sink,
      createPeerConnection: asPeerConnection,
    });
    const first = { candidate: 'candidate:1 1 udp 1 127.0.0.1 1 typ host', sdpMid: '0' };
    const second = { candidate: 'candidate:2 1 udp 1 127.0.0.1 2 typ host', sdpMid: '0' };
    await link.handleCandidate(first);
    await link.handleCandidate(second);
    expect(link.bufferedCandidates).toBe(2);
    expect(fake(link).added).toEqual([]);

    await link.handleDescription({
      type: 'offer',
      sdp: JSON.stringify({ kinds: ['audio'], ice: 0 }),
    });
    expect(link.bufferedCandidates).toBe(0);
    expect(fake(link).added).toEqual([first, second]);
    expect(sink.description).toHaveBeenCalledWith(expect.objectContaining({ type: 'answer' }));

    const third = { candidate: 'candidate:3 1 udp 1 127.0.0.1 3 typ host', sdpMid: '0' };
    await link.handleCandidate(third);
    expect(fake(link).added).toEqual([first, second, third]);
  });

  it('drops a candidate that does not fit without losing the ones after it', async () => {
    const link = new PeerLink({
      remoteSocketId: 'r',
      remoteUserId: 'u',
      polite: true,
      configuration: {},
      sink: { canSignal: () => true, description: vi.fn(), candidate: vi.fn() },
      createPeerConnection: asPeerConnection,
    });
    const stale = { candidate: 'candidate:9 1 udp 1 127.0.0.1 9 typ host stale', sdpMid: '0' };
    const good = { candidate: 'candidate:1 1 udp 1 127.0.0.1 1 typ host', sdpMid: '0' };
    await link.handleCandidate(stale);
    await link.handleCandidate(good);
    await link.handleDescription({
      type: 'offer',
      sdp: JSON.stringify({ kinds: ['audio'], ice: 0 }),
    });
    expect(fake(link).added).toEqual([good]);
  });

  it('sends its own candidates only while signaling is up', async () => {
    let up = false;
    const sink: SignalSink = { canSignal: () => up, description: vi.fn(), candidate: vi.fn() };
    const link = new PeerLink({
      remoteSocketId: 'r',
      remoteUserId: 'u',
      polite: false,
      configuration: {},
      sink,
      createPeerConnection: asPeerConnection,
    });
    fake(link).onicecandidate?.({ candidate: { toJSON: () => ({ candidate: 'x' }) } });
    expect(sink.candidate).not.toHaveBeenCalled();
    up = true;
    fake(link).onicecandidate?.({ candidate: { toJSON: () => ({ candidate: 'y' }) } });
    expect(sink.candidate).toHaveBeenCalledWith({ candidate: 'y' });
  });
});

describe('ICE restart', () => {
  const make = (canSignal = () => true) =>
    new PeerLink({
      remoteSocketId: 'r',
      remoteUserId: 'u',
      polite: false,
      configuration: {},
      sink: { canSignal, description: vi.fn(), candidate: vi.fn() },
      createPeerConnection: asPeerConnection,
      disconnectGraceMs: 3000,
    });

  it('restarts at once when the connection fails', () => {
    const link = make();
    fake(link).setConnectionState('failed');
    expect(fake(link).restarts).toBe(1);
  });

  it('restarts when disconnected longer than the grace period, not when it recovers', () => {
    vi.useFakeTimers();
    const link = make();
    fake(link).setConnectionState('disconnected');
    vi.advanceTimersByTime(2900);
    expect(fake(link).restarts).toBe(0);
    vi.advanceTimersByTime(200);
    expect(fake(link).restarts).toBe(1);

    const other = make();
    fake(other).setConnectionState('disconnected');
    vi.advanceTimersByTime(1000);
    fake(other).setConnectionState('connected');
    vi.advanceTimersByTime(5000);
    expect(fake(other).restarts).toBe(0);
  });

  /** A link whose ICE never connects by itself, with a short watchdog. */
  function unconnectedLink(polite: boolean, connectTimeoutMs: number): PeerLink {
    FakePeerConnection.autoConnect = false;
    onTestFinished(() => {
      FakePeerConnection.autoConnect = true;
    });
    return new PeerLink({
      remoteSocketId: 'r',
      remoteUserId: 'u',
      polite,
      configuration: {},
      sink: { canSignal: () => true, description: vi.fn(), candidate: vi.fn() },
      createPeerConnection: asPeerConnection,
      connectTimeoutMs,
    });
  }

  it('restarts ICE when it has not connected some time after negotiation finished', async () => {
    const link = unconnectedLink(false, 50);
    await link.handleDescription({
      type: 'offer',
      sdp: JSON.stringify({ kinds: ['audio'], ice: 0 }),
    });
    fake(link).setConnectionState('connecting');
    await new Promise((r) => setTimeout(r, 80));
    expect(fake(link).restarts).toBe(1);
    link.close();
  });

  /** A link whose offers go into `sent` and are never answered, with a short watchdog. */
  function unansweredLink(polite: boolean, sent: RTCSessionDescriptionInit[]) {
    FakePeerConnection.autoConnect = false;
    onTestFinished(() => {
      FakePeerConnection.autoConnect = true;
    });
    return new PeerLink({
      remoteSocketId: 'r',
      remoteUserId: 'u',
      polite,
      configuration: {},
      sink: { canSignal: () => true, description: (d) => sent.push(d), candidate: () => undefined },
      createPeerConnection: asPeerConnection,
      connectTimeoutMs: 40,
    });
  }

  it('sends an unanswered offer again, the same offer, never rolled back', async () => {
    const sent: RTCSessionDescriptionInit[] = [];
    const link = unansweredLink(true, sent);
    sendBoth(link);
    // The offer (late or lost), then its repeats.
    await vi.waitFor(() => expect(sent.length).toBeGreaterThanOrEqual(2), { timeout: 1000 });
    expect(fake(link).rollbacks).toBe(0);
    expect(sent.every((d) => d.type === 'offer' && d.sdp === sent[0]!.sdp)).toBe(true);
    link.close();
  });

  it('replaces the connection (impolite side) when repeats of its offer stay unanswered', async () => {
    const sent: RTCSessionDescriptionInit[] = [];
    const link = unansweredLink(false, sent);
    const stuck = vi.fn();
    link.events.on('stuck', stuck);
    sendBoth(link);
    await vi.waitFor(() => expect(stuck).toHaveBeenCalled(), { timeout: 1000 });
    expect(sent).toHaveLength(3); // the offer and two repeats
    expect(new Set(sent.map((d) => d.sdp)).size).toBe(1);
    link.close();
  });

  it('answers a repeated offer once more, and drops a repeated answer', async () => {
    const { a, b, log, errors, settle } = pair();
    sendBoth(a);
    sendBoth(b);
    await settle();
    const impolite = a.polite ? b : a;
    const polite = a.polite ? a : b;
    const offer = fake(impolite).localDescription!.toJSON();
    const answer = fake(polite).localDescription!.toJSON();
    expect([offer.type, answer.type]).toEqual(['offer', 'answer']);
    const answers = log.filter((l) => l.endsWith('answer')).length;
    await polite.handleDescription(offer); // the repeat of an offer already answered
    await settle();
    expect(log.filter((l) => l.endsWith('answer')).length).toBe(answers + 1);
    await impolite.handleDescription(answer); // a repeat in 'stable': no InvalidStateError
    expect(fake(impolite).signalingState).toBe('stable');
    expect(errors).toEqual([]);
    a.close();
    b.close();
  });

  it('defers the restart while signaling is down and performs it on resume', () => {
    let up = false;
    const link = make(() => up);
    fake(link).setConnectionState('failed');
    expect(fake(link).restarts).toBe(0);
    up = true;
    link.resume();
    expect(fake(link).restarts).toBe(1);
  });
});

describe('stopping receiving (the switch up, docs/web.md)', () => {
  const directions = (link: PeerLink) => fake(link).transceivers.map((t) => t.currentDirection);

  it('keeps sending to a remote that still receives, and goes idle once both have stopped', async () => {
    const { a, b, settle, errors } = pair();
    sendBoth(a);
    sendBoth(b);
    await settle();
    expect(directions(a)).toEqual(['sendrecv', 'sendrecv']);
    const idle: string[] = [];
    a.events.on('idle', () => idle.push('a'));
    b.events.on('idle', () => idle.push('b'));
    a.stopReceiving();
    await settle();
    // a's word reached b: b stops sending to a, a still sends to b.
    expect(directions(a)).toEqual(['sendonly', 'sendonly']);
    expect(directions(b)).toEqual(['recvonly', 'recvonly']);
    expect([a.idle, b.idle, idle]).toEqual([false, false, []]);
    b.stopReceiving();
    await settle();
    expect(errors).toEqual([]);
    expect(directions(a)).toEqual(['inactive', 'inactive']);
    expect(directions(b)).toEqual(['inactive', 'inactive']);
    expect([a.idle, b.idle, idle.sort()]).toEqual([true, true, ['a', 'b']]);
  });

  it('ends idle on both sides when both stop at once (glare)', async () => {
    const { a, b, settle, errors } = pair({ delay: () => 3 });
    sendBoth(a);
    sendBoth(b);
    await settle();
    a.stopReceiving();
    b.stopReceiving();
    await settle();
    expect(errors).toEqual([]);
    expect([a.idle, b.idle]).toEqual([true, true]);
  });

  it('turning the camera on later sends it without asking for the remote media again', async () => {
    const { a, b, settle } = pair();
    const stream = new FakeMediaStream() as unknown as MediaStream;
    await a.setTrack('audio', new FakeTrack('audio') as unknown as MediaStreamTrack, stream);
    await a.setTrack('video', null, stream); // camera off: receive only
    sendBoth(b);
    await settle();
    a.stopReceiving();
    await settle();
    expect(fake(a).transceivers.map((t) => t.direction)).toEqual(['sendonly', 'inactive']);
    await a.setTrack('video', new FakeTrack('video') as unknown as MediaStreamTrack, stream);
    await settle();
    expect(fake(a).transceivers.map((t) => t.direction)).toEqual(['sendonly', 'sendonly']);
    expect(directions(b)[1]).toBe('recvonly');
  });
});

describe('close', () => {
  it('closes the connection, detaches every handler and stops listeners', () => {
    const { a } = pair();
    const onState = vi.fn();
    a.events.on('state', onState);
    a.close();
    const pc = fake(a);
    expect(pc.closed).toBe(true);
    expect([
      pc.onnegotiationneeded,
      pc.onicecandidate,
      pc.ontrack,
      pc.onconnectionstatechange,
      pc.onsignalingstatechange,
    ]).toEqual([null, null, null, null, null]);
    expect(a.events.size).toBe(0);
    a.close(); // idempotent
  });
});
