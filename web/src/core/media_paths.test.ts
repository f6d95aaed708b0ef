import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  asPeerConnection,
  FakePeerConnection,
  FakeTrack,
  installFakeMediaGlobals,
} from '../test/fake_webrtc';
import { FakeSfuServer } from '../test/fake_sfu';
import { until } from '../test/wait';
import { MediaPaths } from './media_paths';
import { PeerMesh } from './mesh';
import type { Participant } from './types';

beforeAll(installFakeMediaGlobals);
const open: MediaPaths[] = [];
afterEach(() => open.splice(0).forEach((p) => p.close()));

/** A video receiver decoding one more frame at each getStats. */
const decoding = () => {
  let n = 0;
  return {
    type: 'inbound-rtp',
    kind: 'video',
    get framesDecoded() {
      return ++n;
    },
  };
};

function setup(fallbackMs?: number) {
  const server = new FakeSfuServer('self');
  const audio = new FakeTrack('audio') as unknown as MediaStreamTrack;
  const camera = new FakeTrack('video') as unknown as MediaStreamTrack;
  const media = {
    audioTrack: () => audio,
    cameraTrack: () => camera,
    screenTrack: () => null,
    outgoingVideo: () => camera,
    isScreen: () => false,
  };
  const signaling = Object.assign(server, {
    sendOffer: () => undefined,
    sendAnswer: () => undefined,
    sendCandidate: () => undefined,
  });
  const mesh = new PeerMesh({
    signaling,
    media,
    iceServers: [],
    createPeerConnection: asPeerConnection,
    statsIntervalMs: 60_000,
  });
  const others: Participant[] = [
    { socketId: 'a', userId: 'ua', username: 'A', audio: true, video: true } as Participant,
  ];
  const paths = new MediaPaths({
    mesh,
    signaling,
    media,
    iceServers: [],
    others: () => others,
    createPeerConnection: asPeerConnection,
    probeMs: 10,
    unpublishDelayMs: 10,
    fallbackMs,
  });
  open.push(paths);
  return { server, mesh, paths };
}

describe('MediaPaths', () => {
  it('moves a tile to the SFU only once it decodes frames there, then closes the mesh link', async () => {
    const { server, mesh, paths } = setup(60_000);
    paths.joined('mesh', [{ socketId: 'a', userId: 'ua' }]);
    const meshStream = mesh.link('a')!.remoteStream;
    paths.handlers().topology({ mode: 'sfu' });
    expect(paths.mode.get()).toBe('sfu');
    expect(paths.wantsMesh()).toBe(false);
    paths.handlers()['sfu-feed']({ feed: 'f-a', socketId: 'a', userId: 'ua', kind: 'camera' });
    await until(() => expect(server.of('sfu-answer')).toHaveLength(1));
    // The SFU connection exists but has decoded nothing: the tile keeps the mesh.
    await new Promise((r) => setTimeout(r, 50));
    expect(paths.shown('a')).toBe('mesh');
    expect(paths.peers.get()[0]!.stream).toBe(meshStream);
    const sub = paths.sfu!.subscribersOf('a')[0]!;
    (sub.pc as unknown as FakePeerConnection).stats.set('v', decoding());
    await until(() => expect(paths.shown('a')).toBe('sfu'));
    expect(paths.peers.get()[0]!.stream).toBe(paths.sfu!.peers.get().get('a')!.stream);
    expect(mesh.link('a')).toBeUndefined();
    expect(paths.acceptsMesh('a')).toBe(false);
  });

  it('going up, opens no mesh link for anyone without one, and replaces no stuck link', async () => {
    const { mesh, paths } = setup(60_000);
    paths.joined('mesh', [{ socketId: 'a', userId: 'ua' }]);
    expect(paths.acceptsMesh('b')).toBe(true); // on the mesh, a newcomer's offer opens a link
    paths.handlers().topology({ mode: 'sfu' });
    // 'a' still plays on its link until its tile moves; 'b' (a late offer, a newcomer that
    // started on the mesh) gets none.
    expect(paths.acceptsMesh('a')).toBe(true);
    expect(paths.acceptsMesh('b')).toBe(false);
    mesh.link('a')!.events.emit('stuck', undefined);
    expect(mesh.link('a')).toBeUndefined();
    expect(mesh.size).toBe(0);
  });

  it('goes back to the mesh on sfu_unavailable with a notice, and unpublishes after', async () => {
    const { server, mesh, paths } = setup();
    paths.joined('sfu', []);
    paths.handlers()['sfu-feeds']([{ feed: 'f-a', socketId: 'a', userId: 'ua', kind: 'camera' }]);
    await until(() => expect(server.of('sfu-answer')).toHaveLength(1));
    expect(paths.shown('a')).toBe('sfu');
    const started = Date.now();
    paths.handlers().topology({
      mode: 'mesh',
      reason: 'sfu_unavailable',
      message: 'The media server stopped.',
    });
    expect(paths.notice.get()).toBe('The media server stopped.');
    expect(paths.acceptsMesh('a')).toBe(true);
    const link = mesh.link('a')!;
    expect(link).toBeDefined();
    expect(paths.shown('a')).toBe('sfu');
    (link.pc as unknown as FakePeerConnection).stats.set('v', decoding());
    await until(() => expect(paths.shown('a')).toBe('mesh'));
    expect(Date.now() - started).toBeLessThan(4000); // moved on media, not on the fallback
    expect(paths.peers.get()[0]!.stream).toBe(link.remoteStream);
    await until(() => expect(paths.sfu).toBeNull());
    expect(server.of('sfu-unpublish')).toHaveLength(1);
    expect(server.of('sfu-unsubscribe')).toHaveLength(1);
  });

  it('a joiner in SFU mode builds no mesh and shows the SFU at once', async () => {
    const { server, mesh, paths } = setup();
    paths.handlers().topology({ mode: 'sfu' });
    paths.joined('sfu', [{ socketId: 'a', userId: 'ua' }]);
    await until(() => expect(server.of('sfu-publish')).toHaveLength(1));
    expect(mesh.size).toBe(0);
    expect(paths.shown('a')).toBe('sfu');
  });
});
