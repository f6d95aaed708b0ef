import { describe, expect, it } from 'vitest';
import type { SfuFeed } from './sfu_events';
import { SfuFeeds } from './sfu_feeds';

const feed = (id: string, socketId: string, kind: SfuFeed['kind'] = 'camera'): SfuFeed => ({
  feed: id,
  socketId,
  userId: `u-${socketId}`,
  kind,
});

describe('SfuFeeds', () => {
  it('keeps remote feeds, never our own or a duplicate', () => {
    const feeds = new SfuFeeds(() => 'me');
    expect(feeds.add(feed('f1', 'a'))).toBe(true);
    expect(feeds.add(feed('f1', 'a'))).toBe(false);
    expect(feeds.add(feed('f2', 'me'))).toBe(false);
    expect(feeds.all().map((f) => f.feed)).toEqual(['f1']);
  });

  it('rejects malformed feeds', () => {
    const feeds = new SfuFeeds(() => 'me');
    expect(feeds.add({ socketId: 'a' } as unknown as SfuFeed)).toBe(false);
    expect(feeds.add(null as unknown as SfuFeed)).toBe(false);
  });

  it('lists a socket feeds by kind and replaces a republished kind', () => {
    const feeds = new SfuFeeds(() => 'me');
    feeds.add(feed('f1', 'a'));
    feeds.add(feed('f2', 'a', 'screen'));
    feeds.add(feed('f3', 'b'));
    expect(feeds.of('a').map((f) => f.feed)).toEqual(['f1', 'f2']);
    expect(feeds.of('a', 'screen').map((f) => f.feed)).toEqual(['f2']);
    feeds.add(feed('f4', 'a'));
    expect(feeds.of('a', 'camera').map((f) => f.feed)).toEqual(['f4']);
  });

  it('removes by feed id and by socket', () => {
    const feeds = new SfuFeeds(() => 'me');
    feeds.add(feed('f1', 'a'));
    feeds.add(feed('f2', 'a', 'screen'));
    feeds.add(feed('f3', 'b'));
    expect(feeds.remove('f3')?.socketId).toBe('b');
    expect(feeds.remove('f3')).toBeUndefined();
    expect(feeds.dropSocket('a').map((f) => f.feed)).toEqual(['f1', 'f2']);
    expect(feeds.all()).toEqual([]);
  });
});
