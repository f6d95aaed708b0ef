import { describe, expect, it } from 'vitest';
import { carries, mergePeers, pathCounters } from './remote_media';
import type { RemotePeer } from './remote_peers';
import type { SfuPeer } from './sfu_session';
import type { PeerQuality } from './stats';
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

  it('gives a participant on the SFU the quality sampled from its subscription', () => {
    const quality = { level: 'fair', lossPct: 3 } as unknown as PeerQuality;
    const merged = mergePeers(
      [],
      new Map([['c', sfuPeer('c')]]),
      () => 'sfu',
      new Map([['c', quality]]),
    );
    expect(merged[0]!.quality).toBe(quality);
    expect(mergePeers([], new Map([['c', sfuPeer('c')]]), () => 'sfu')[0]!.quality).toBeNull();
  });
});

describe('carries', () => {
  it('needs steady decoded frames from someone sending video', () => {
    expect(carries({ frames: 3, audio: 9 }, { frames: 1, audio: 2 }, true)).toBe(false);
    expect(carries({ frames: 8, audio: 9 }, undefined, true)).toBe(false);
    expect(carries({ frames: 8, audio: 9 }, { frames: 8, audio: 5 }, true)).toBe(false);
    expect(carries({ frames: 9, audio: 9 }, { frames: 8, audio: 5 }, true)).toBe(true);
  });

  it('takes audio from someone sending no video', () => {
    expect(carries({ frames: 0, audio: 4 }, undefined, false)).toBe(true);
    expect(carries({ frames: 0, audio: 0 }, undefined, false)).toBe(false);
  });
});

describe('pathCounters', () => {
  const target = (entries: object[]) => ({
    getStats: async () => new Map(entries.map((e, i) => [String(i), e])) as never,
  });

  it('sums frames and audio packets over the connections, failing stats as nothing', async () => {
    const audioOnly = target([{ type: 'inbound-rtp', kind: 'audio', packetsReceived: 50 }]);
    const video = target([{ type: 'inbound-rtp', kind: 'video', framesDecoded: 3 }]);
    const broken = { getStats: () => Promise.reject(new Error('closed')) };
    expect(await pathCounters([audioOnly, video, broken])).toEqual({ frames: 3, audio: 50 });
    expect(await pathCounters([])).toEqual({ frames: 0, audio: 0 });
  });
});
