import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  asPeerConnection,
  FakePeerConnection,
  FakeTrack,
  installFakeMediaGlobals,
} from '../test/fake_webrtc';
import { PeerMesh, type MeshSignaling } from './mesh';

beforeAll(installFakeMediaGlobals);
afterEach(() => vi.useRealTimers());

function setup(selfId = 'self-1', statsIntervalMs = 60_000) {
  const sent: Array<{ kind: string; target: string }> = [];
  const signaling: MeshSignaling & { id: string } = {
    id: selfId,
    sendOffer: (target) => sent.push({ kind: 'offer', target }),
    sendAnswer: (target) => sent.push({ kind: 'answer', target }),
    sendCandidate: (target) => sent.push({ kind: 'candidate', target }),
  };
  const audio = new FakeTrack('audio') as unknown as MediaStreamTrack;
  const video = new FakeTrack('video') as unknown as MediaStreamTrack;
  const mesh = new PeerMesh({
    signaling,
    media: { audioTrack: () => audio, outgoingVideo: () => video, isScreen: () => false },
    iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
    createPeerConnection: asPeerConnection,
    statsIntervalMs,
    orphanGraceMs: 1000,
  });
  return { mesh, signaling, sent };
}

const pcOf = (mesh: PeerMesh, id: string) => mesh.link(id)!.pc as unknown as FakePeerConnection;

describe('peer mesh', () => {
  it('opens one connection per remote participant with the ICE servers from the API', async () => {
    const { mesh, sent } = setup();
    mesh.connect('b', 'ub');
    mesh.connect('c', 'uc');
    mesh.connect('b', 'ub'); // idempotent
    expect(mesh.size).toBe(2);
    expect(pcOf(mesh, 'b').configuration.iceServers).toEqual([{ urls: 'stun:127.0.0.1:3478' }]);
    await vi.waitFor(() =>
      expect(
        sent
          .filter((m) => m.kind === 'offer')
          .map((m) => m.target)
          .sort(),
      ).toEqual(['b', 'c']),
    );
    mesh.close();
  });

  it('starts without glare: the impolite side offers, the polite side answers with its tracks', async () => {
    const polite = setup('a-self'); // 'a-self' < 'z-peer': polite towards z-peer
    const link = polite.mesh.connect('z-peer', 'uz');
    expect(link.polite).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(polite.sent.filter((m) => m.kind === 'offer')).toEqual([]); // waits for the offer
    await polite.mesh.handleDescription('z-peer', 'uz', {
      type: 'offer',
      sdp: JSON.stringify({ kinds: ['audio', 'video'], ice: 0 }),
    });
    expect(polite.sent.map((m) => m.kind)).toContain('answer');
    const sending = pcOf(polite.mesh, 'z-peer')
      .getTransceivers()
      .map((t) => [t.receiver.track.kind, t.sender.track?.kind, t.direction]);
    expect(sending).toEqual([
      ['audio', 'audio', 'sendrecv'],
      ['video', 'video', 'sendrecv'],
    ]);
    polite.mesh.close();

    const impolite = setup('z-self');
    impolite.mesh.connect('a-peer', 'ua');
    await vi.waitFor(() => expect(impolite.sent.map((m) => m.kind)).toContain('offer'));
    impolite.mesh.close();
  });

  it('lets whoever was in the meeting first open, whatever the roles', async () => {
    // docs/web.md "The mesh": the newcomer's page is the busy one, so the other side offers.
    const offers = (sent: Array<{ kind: string }>) => sent.filter((m) => m.kind === 'offer');
    const earlier = setup('a-self'); // polite towards z-new by the ids, yet it opens
    earlier.mesh.adopt('z-new', 'uz', 'us');
    await vi.waitFor(() => expect(offers(earlier.sent)).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(offers(earlier.sent)).toHaveLength(1);
    earlier.mesh.close();

    const newcomer = setup('z-self'); // impolite towards a-old by the ids, yet it waits
    newcomer.mesh.resume([{ socketId: 'a-old', userId: 'ua' }]);
    await new Promise((r) => setTimeout(r, 50));
    expect(offers(newcomer.sent)).toEqual([]);
    await newcomer.mesh.handleDescription('a-old', 'ua', {
      type: 'offer',
      sdp: JSON.stringify({ kinds: ['audio', 'video'], ice: 0 }),
    });
    expect(newcomer.sent.map((m) => m.kind)).toContain('answer');
    expect(offers(newcomer.sent)).toEqual([]);
    newcomer.mesh.close();
  });

  it('applies the bandwidth rule for the mesh size to every video sender', async () => {
    const { mesh } = setup();
    for (const id of ['b', 'c', 'd']) mesh.connect(id, `u${id}`);
    const video = (id: string) =>
      pcOf(mesh, id)
        .getSenders()
        .find((s) => s.track?.kind === 'video')!;
    await vi.waitFor(() => {
      for (const id of ['b', 'c', 'd'])
        expect(video(id).params.encodings[0]).toMatchObject({
          maxBitrate: 667_000,
          maxFramerate: 30,
        });
    });
    mesh.remove('d');
    await vi.waitFor(() => expect(video('b').params.encodings[0]!.maxBitrate).toBe(1_000_000));
    mesh.close();
  });

  it('keeps a connection across a server restart and re-addresses it to the new socket id', async () => {
    const { mesh, signaling, sent } = setup('self-1');
    const link = mesh.connect('b-old', 'ub');
    await vi.waitFor(() => expect(link.pc.signalingState).toBe('have-local-offer'));
    await link.handleDescription({
      type: 'answer',
      sdp: JSON.stringify({ kinds: ['audio', 'video'], ice: 0 }),
    });
    const renamed = vi.fn();
    mesh.events.on('renamed', renamed);
    mesh.suspend();
    signaling.id = 'self-2';
    mesh.resume([{ socketId: 'b-new', userId: 'ub' }]);
    expect(mesh.link('b-new')).toBe(link);
    expect(mesh.link('b-old')).toBeUndefined();
    expect(renamed).toHaveBeenCalledWith({ from: 'b-old', to: 'b-new' });
    expect(link.polite).toBe('self-2' < 'b-new');
    sent.length = 0;
    link.pc.restartIce();
    await vi.waitFor(() =>
      expect(sent.some((m) => m.kind === 'offer' && m.target === 'b-new')).toBe(true),
    );
    mesh.close();
  });

  it('rebuilds a connection whose remote kept its socket id (it saw us leave and dropped its end)', async () => {
    const { mesh, signaling } = setup('self-1');
    const old = mesh.connect('b', 'ub');
    mesh.suspend();
    signaling.id = 'self-2';
    mesh.resume([{ socketId: 'b', userId: 'ub' }]);
    const fresh = mesh.link('b')!;
    expect(fresh).not.toBe(old);
    expect((old.pc as unknown as FakePeerConnection).closed).toBe(true);
    mesh.close();
  });

  it('treats an offer from an orphaned socket id as a new connection', async () => {
    const { mesh } = setup();
    const old = mesh.connect('b', 'ub');
    mesh.suspend();
    await mesh.handleDescription('b', 'ub', {
      type: 'offer',
      sdp: JSON.stringify({ kinds: ['audio', 'video'], ice: 0 }),
    });
    expect(mesh.link('b')).not.toBe(old);
    mesh.close();
  });

  it('closes connections nobody claims after the grace period', async () => {
    vi.useFakeTimers();
    const { mesh } = setup();
    const gone = mesh.connect('x', 'ux');
    mesh.connect('y', 'uy');
    const expired = vi.fn();
    mesh.events.on('expired', expired);
    mesh.suspend();
    mesh.resume([{ socketId: 'y2', userId: 'uy' }]);
    expect(mesh.size).toBe(2);
    vi.advanceTimersByTime(1100);
    expect(expired).toHaveBeenCalledWith('x');
    expect(mesh.size).toBe(1);
    expect((gone.pc as unknown as FakePeerConnection).closed).toBe(true);
    mesh.close();
  });

  it('closes every connection and stops publishing on close', () => {
    const { mesh } = setup();
    const links = ['b', 'c'].map((id) => mesh.connect(id, `u${id}`));
    mesh.close();
    expect(links.every((l) => (l.pc as unknown as FakePeerConnection).closed)).toBe(true);
    expect(mesh.peers.get()).toEqual([]);
    expect(mesh.events.size).toBe(0);
  });

  it('samples SFU subscriptions beside its links, a link first for the same participant', async () => {
    const { mesh } = setup('self-1', 5);
    mesh.connect('b', 'ub');
    const asked: string[] = [];
    const subscription = (id: string) => ({
      getStats: async () => {
        asked.push(id);
        const inbound = { type: 'inbound-rtp', id: 'in', kind: 'audio', packetsReceived: 50 };
        return new Map([['in', { ...inbound, audioLevel: 0.3 }]]) as unknown as RTCStatsReport;
      },
    });
    mesh.sampleAlso(() => [
      ['b', subscription('b')],
      ['c', subscription('c')],
    ]);
    await vi.waitFor(() => expect(mesh.quality.get().get('c')?.audioLevel).toBe(0.3));
    expect(mesh.quality.get().has('b')).toBe(true);
    expect(asked).not.toContain('b');
    mesh.close();
  });

  it('releases a link to the SFU: closes at once if it carries nothing, else on idle or after the grace', async () => {
    const { mesh } = setup();
    mesh.connect('b', 'ub');
    mesh.release('b', 60_000); // still connecting: nothing to keep
    expect(mesh.link('b')).toBeUndefined();

    const c = mesh.connect('c', 'uc');
    pcOf(mesh, 'c').setConnectionState('connected');
    await vi.waitFor(() => expect(pcOf(mesh, 'c').transceivers).toHaveLength(2));
    mesh.release('c', 60_000);
    expect(mesh.link('c')).toBe(c); // keeps sending until the other side's word
    expect(mesh.releasedIds()).toEqual(['c']);
    expect(pcOf(mesh, 'c').transceivers.map((t) => t.direction)).toEqual(['sendonly', 'sendonly']);
    c.events.emit('idle', undefined);
    expect(mesh.link('c')).toBeUndefined();
    expect(mesh.releasedIds()).toEqual([]);

    mesh.connect('d', 'ud');
    pcOf(mesh, 'd').setConnectionState('connected');
    mesh.release('d', 20);
    expect(mesh.link('d')).toBeDefined();
    await vi.waitFor(() => expect(mesh.link('d')).toBeUndefined()); // the other side never said
    mesh.close();
  });
});
