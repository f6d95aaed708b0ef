import { describe, expect, it } from 'vitest';
import { carriesMedia, mergePeers } from './remote_media';
import type { RemotePeer } from './remote_peers';
import type { SfuPeer } from './sfu_session';
import { FakeMediaStream } from '../test/fake_webrtc';

const stream = () => new FakeMediaStream() as unknown as MediaStream;
const meshPeer = (socketId: string): RemotePeer => ({
  socketId,
  userId: `u-${socketId}`,
  stream: stream(),
  connectionState: 'connected',
  quality: null,
});
const sfuPeer = (socketId: string): SfuPeer => ({
  socketId,
  userId: `u-${socketId}`,
  stream: stream(),
  connectionState: 'connected',
});

describe('mergePeers', () => {
  it('gives one entry per participant, from the path it shows', () => {
    const mesh = [meshPeer('a'), meshPeer('b')];
    const sfu = new Map([
      ['b', sfuPeer('b')],
      ['c', sfuPeer('c')],
    ]);
    const merged = mergePeers(mesh, sfu, (id) => (id === 'b' ? 'mesh' : 'sfu'));
    expect(merged.map((p) => p.socketId)).toEqual(['a', 'b', 'c']);
    expect(merged[1]!.stream).toBe(mesh[1]!.stream);
    expect(merged[2]!.stream).toBe(sfu.get('c')!.stream);
    const up = mergePeers(mesh, sfu, () => 'sfu');
    expect(up[1]!.stream).toBe(sfu.get('b')!.stream);
  });
});

describe('carriesMedia', () => {
  const target = (entries: object[]) => ({
    getStats: async () => new Map(entries.map((e, i) => [String(i), e])) as never,
  });

  it('needs decoded video frames from someone sending video', async () => {
    const audioOnly = target([{ type: 'inbound-rtp', kind: 'audio', packetsReceived: 50 }]);
    expect(await carriesMedia([audioOnly], true)).toBe(false);
    expect(await carriesMedia([audioOnly], false)).toBe(true);
    const video = target([{ type: 'inbound-rtp', kind: 'video', framesDecoded: 3 }]);
    expect(await carriesMedia([audioOnly, video], true)).toBe(true);
  });

  it('is false with no connection or failing stats', async () => {
    expect(await carriesMedia([], false)).toBe(false);
    const broken = { getStats: () => Promise.reject(new Error('closed')) };
    expect(await carriesMedia([broken], true)).toBe(false);
  });
});
