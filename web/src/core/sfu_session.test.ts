import { beforeAll, describe, expect, it } from 'vitest';
import {
  asPeerConnection,
  FakePeerConnection,
  FakeTrack,
  installFakeMediaGlobals,
} from '../test/fake_webrtc';
import { FakeSfuServer } from '../test/fake_sfu';
import { until } from '../test/wait';
import type { SfuFeed } from './sfu_events';
import { CANDIDATE_BATCH_MS } from './sfu_connection';
import { SfuSession } from './sfu_session';

beforeAll(installFakeMediaGlobals);

function setup(
  screen: MediaStreamTrack | null = null,
  connectTimeoutMs = 10000,
  firstLayer?: (socketId: string) => 0 | 1 | 2,
) {
  const server = new FakeSfuServer('self');
  const audio = new FakeTrack('audio') as unknown as MediaStreamTrack;
  const camera = new FakeTrack('video') as unknown as MediaStreamTrack;
  const media = { audioTrack: () => audio, cameraTrack: () => camera, screenTrack: () => screen };
  const session = new SfuSession({
    signaling: server,
    media,
    iceServers: [],
    selfId: () => 'self',
    createPeerConnection: asPeerConnection,
    retryMs: 10,
    connectTimeoutMs,
    firstLayer,
    layerOffDelayMs: 200,
  });
  return { server, session, media, audio, camera };
}

const feed = (id: string, socketId: string, kind: SfuFeed['kind'] = 'camera'): SfuFeed => ({
  feed: id,
  socketId,
  userId: `u-${socketId}`,
  kind,
});

describe('SfuSession', () => {
  it('publishes the camera with three simulcast layers and trickles once the id is known', async () => {
    const { server, session } = setup();
    session.start();
    await until(() => expect(server.of('sfu-publish')).toHaveLength(1));
    expect(server.of('sfu-publish')[0]).toMatchObject({ kind: 'camera' });
    const pc =
      server.calls.length && (session as unknown as { publishers: Map<string, { pc: unknown }> });
    const fake = pc && (pc.publishers.get('camera')!.pc as unknown as FakePeerConnection);
    const video = fake && fake.getTransceivers().find((t) => t.receiver.track.kind === 'video')!;
    expect(video && video.sender.getParameters().encodings.map((e) => e.rid)).toEqual([
      'h',
      'm',
      'l',
    ]);
    const audio = fake && fake.getTransceivers().find((t) => t.receiver.track.kind === 'audio')!;
    expect(audio && audio.sender.getParameters().encodings[0]).toMatchObject({
      priority: 'high',
      networkPriority: 'high',
    });
    await until(() => expect(server.of('sfu-candidate').length).toBeGreaterThan(0));
    expect(server.of('sfu-candidate')[0]).toMatchObject({ pc: 'pc-1' });
    session.close();
    expect(server.of('sfu-unpublish')).toEqual([{ pc: 'pc-1' }]);
  });

  it('sends the candidates gathered together in one sfu-candidate', async () => {
    const { server, session } = setup();
    session.start();
    const publisher = session.allPublishers()[0]!;
    const fake = publisher.pc as unknown as FakePeerConnection;
    const candidate = (n: number) => ({
      candidate: `candidate:${n} 1 udp 1 10.77.0.1 ${5000 + n} typ host`,
      sdpMid: '0',
    });
    const gather = (n: number | null) =>
      fake.onicecandidate?.({ candidate: n === null ? null : { toJSON: () => candidate(n) } });
    type Sent = { pc: string; candidate?: unknown; candidates?: unknown[] };
    const sent = () => server.of('sfu-candidate') as Sent[];
    // Gathered before the publish's ack gave the id: held, then sent in one event.
    gather(101);
    gather(102);
    await until(() => expect(sent().length).toBeGreaterThan(0));
    expect(sent()[0]!.pc).toBe('pc-1');
    expect(sent()[0]!.candidates).toEqual(expect.arrayContaining([candidate(101), candidate(102)]));
    await new Promise((done) => setTimeout(done, 5 * CANDIDATE_BATCH_MS)); // the fake's own, if apart
    // After it, a burst goes in one event too (CANDIDATE_BATCH_MS after its first), the end
    // of the candidates with it.
    const before = sent().length;
    gather(103);
    gather(104);
    gather(null);
    await until(() => expect(sent().length).toBe(before + 1));
    expect(sent()[before]).toEqual({
      pc: 'pc-1',
      candidates: [candidate(103), candidate(104), null],
    });
    // One alone goes as `candidate`.
    gather(105);
    await until(() => expect(sent().length).toBe(before + 2));
    expect(sent()[before + 1]).toEqual({ pc: 'pc-1', candidate: candidate(105) });
    session.close();
  });

  it('sends the top layer only while someone watches it', async () => {
    const { server, session } = setup();
    session.start();
    await until(() => expect(server.of('sfu-publish')).toHaveLength(1));
    const publisher = session.allPublishers()[0]!;
    await until(() => expect(publisher.id).toBe('pc-1'));
    const active = () => publisher.activeLayers().join('');
    // Offered with every layer; `h` is off once the answer is in, before any media flows.
    await until(() => expect(active()).toBe('ml'));
    session.watched('pc-other', 2); // not our feed
    session.watched('pc-1', 2); // someone watches `h`
    await until(() => expect(active()).toBe('hml'));
    // Everyone watches `m` at most: `h` goes, layerOffDelayMs later (Janus forwards it to a
    // subscriber that moved down until `m`'s next keyframe). Asked again meanwhile, it stays.
    session.watched('pc-1', 1);
    await new Promise((done) => setTimeout(done, 50));
    expect(active()).toBe('hml');
    session.watched('pc-1', 2);
    await new Promise((done) => setTimeout(done, 300));
    expect(active()).toBe('hml');
    session.watched('pc-1', 1);
    await until(() => expect(active()).toBe('ml'));
    session.watched('pc-1', -1); // nobody: the two lowest stay, for the next subscriber
    await until(() => expect(active()).toBe('ml'));
    session.watched('pc-1', 2);
    await until(() => expect(active()).toBe('hml'));
    // Network adaptation's pause still wins over what is watched.
    await publisher.applyLayers(publisher.layers.map(() => ({ active: false, maxBitrate: 0 })));
    expect(active()).toBe('');
    session.close();
  });

  it('publishes a shared screen as its own feed and stops it with the share', async () => {
    const screen = new FakeTrack('video') as unknown as MediaStreamTrack;
    let sharing: MediaStreamTrack | null = screen;
    const { server, session, media } = setup();
    media.screenTrack = () => sharing;
    session.start();
    await until(() => expect(server.of('sfu-publish')).toHaveLength(2));
    expect(server.of('sfu-publish').map((p) => (p as { kind: string }).kind)).toEqual([
      'camera',
      'screen',
    ]);
    expect(screen.contentHint).toBe('detail');
    sharing = null;
    session.refreshTracks();
    expect(server.of('sfu-unpublish')).toHaveLength(1);
    session.close();
  });

  it('subscribes to each remote feed, answers, and forms one stream per participant', async () => {
    const { server, session } = setup();
    session.addFeed(feed('f-a', 'a'));
    session.addFeed(feed('f-own', 'self'));
    await until(() => expect(server.of('sfu-answer')).toHaveLength(1));
    expect(server.of('sfu-subscribe')).toEqual([{ feed: 'f-a' }]);
    const peer = session.peers.get().get('a')!;
    expect(peer.userId).toBe('u-a');
    expect(peer.stream.getTracks().map((t) => t.kind)).toEqual(['audio', 'video']);
    // A screen feed's video replaces the camera's on that participant's stream.
    session.addFeed(feed('f-a-screen', 'a', 'screen'));
    await until(() => expect(server.of('sfu-answer')).toHaveLength(2));
    const withScreen = session.peers.get().get('a')!.stream;
    const screenSub = session.subscribersOf('a').find((s) => s.feed.kind === 'screen')!;
    expect(withScreen.getVideoTracks()[0]).toBe(screenSub.stream.getVideoTracks()[0]);
    session.removeFeed('f-a-screen');
    expect(server.of('sfu-unsubscribe')).toHaveLength(1);
    session.close();
  });

  it("asks a camera's first layer in the subscribe itself, never as a change after it", async () => {
    const { server, session } = setup(null, 10000, (id) => (id === 'a' ? 0 : 2));
    session.addFeed(feed('f-a', 'a'));
    session.addFeed(feed('f-b-screen', 'b', 'screen'));
    await until(() => expect(server.of('sfu-answer')).toHaveLength(2));
    // The screen is one full-resolution layer: nothing to choose.
    expect(server.of('sfu-subscribe')).toEqual([
      { feed: 'f-a', substream: 0 },
      { feed: 'f-b-screen' },
    ]);
    expect(session.subscribersOf('a')[0]!.layer).toBe(0);
    // Asking the layer it already has sends nothing.
    session.subscribersOf('a')[0]!.setLayer(0);
    expect(server.of('sfu-layer')).toEqual([]);
    session.close();
  });

  it('holds SFU candidates until the offer is applied, then adds them', async () => {
    const { server, session } = setup();
    session.addFeed(feed('f-a', 'a'));
    await until(() => expect(session.subscribersOf('a')[0]?.id).toBe('pc-1'));
    session.candidate('pc-1', { candidate: 'candidate:1 1 udp 1 10.77.0.1 5000 typ host' });
    session.candidate('pc-unknown', { candidate: 'x' });
    const pc = session.subscribersOf('a')[0]!.pc as unknown as { added: unknown[] };
    await until(() => expect(pc.added).toHaveLength(1));
    expect(server.of('sfu-answer')).toHaveLength(1);
    session.close();
  });

  it('subscribes again when the server closes a subscription, and drops a leaver', async () => {
    const { server, session } = setup();
    session.addFeed(feed('f-a', 'a'));
    await until(() => expect(server.of('sfu-answer')).toHaveLength(1));
    session.closedByServer('pc-1');
    await until(() => expect(server.of('sfu-subscribe')).toHaveLength(2));
    session.dropSocket('a');
    expect(session.subscribersOf('a')).toEqual([]);
    expect(session.peers.get().size).toBe(0);
    session.close();
  });

  it('sets up again a connection that never connects after negotiation', async () => {
    FakePeerConnection.autoConnect = false;
    try {
      const { server, session } = setup(null, 40);
      session.addFeed(feed('f-a', 'a'));
      session.addFeed(feed('f-b', 'b'));
      await until(() => expect(server.of('sfu-answer')).toHaveLength(2));
      // b connects; a stays 'connecting' (a handshake lost) and is subscribed again.
      const b = session.subscribersOf('b')[0]!.pc as unknown as FakePeerConnection;
      b.setConnectionState('connected');
      const a = session.subscribersOf('a')[0]!.pc as unknown as FakePeerConnection;
      a.setConnectionState('connecting');
      await until(() => expect(server.of('sfu-subscribe')).toHaveLength(3));
      expect(server.of('sfu-subscribe')[2]).toEqual({ feed: 'f-a' });
      expect(server.of('sfu-unsubscribe')).toEqual([{ pc: 'pc-1' }]);
      expect(session.subscribersOf('b')[0]!.pc).toBe(b);
      session.close();
    } finally {
      FakePeerConnection.autoConnect = true;
    }
  });
});
