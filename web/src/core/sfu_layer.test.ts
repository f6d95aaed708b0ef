import { describe, expect, it } from 'vitest';
import { cameraEncodings, chooseLayer, watchedEncoding } from './sfu_layer';

describe('chooseLayer', () => {
  const base = { tileHeight: 720, loss: 0, downlinkKbps: null, streams: 1 };

  it('gives a large tile on a good link the top layer', () => {
    expect(chooseLayer(base)).toBe(2);
  });

  it('follows the tile height', () => {
    expect(chooseLayer({ ...base, tileHeight: 300 })).toBe(1);
    expect(chooseLayer({ ...base, tileHeight: 120 })).toBe(0);
    expect(chooseLayer({ ...base, tileHeight: 181 })).toBe(1);
  });

  it('drops to the lowest layer under loss, whatever the tile', () => {
    expect(chooseLayer({ ...base, loss: 0.08 })).toBe(0);
    expect(chooseLayer({ ...base, loss: 0.05 })).toBe(2);
  });

  it('fits the layers into the downlink shared by all streams', () => {
    expect(chooseLayer({ ...base, downlinkKbps: 3000, streams: 2 })).toBe(2);
    expect(chooseLayer({ ...base, downlinkKbps: 3000, streams: 5 })).toBe(1);
    expect(chooseLayer({ ...base, downlinkKbps: 500, streams: 5 })).toBe(0);
  });

  it('takes an unknown tile size as any size', () => {
    expect(chooseLayer({ ...base, tileHeight: 0 })).toBe(2);
  });
});

describe('cameraEncodings', () => {
  it('sends three layers h/m/l scaled 1/2/4 at 360p or more', () => {
    const e = cameraEncodings(480);
    expect(e.map((x) => x.rid)).toEqual(['h', 'm', 'l']);
    expect(e.map((x) => x.scaleResolutionDownBy ?? 1)).toEqual([1, 2, 4]);
    expect(cameraEncodings(0)).toHaveLength(3);
  });

  it('sends one layer below 360p', () => {
    expect(cameraEncodings(240)).toHaveLength(1);
  });
});

describe('watchedEncoding', () => {
  // cameraEncodings order: h (substream 2), m (1), l (0).
  const sent = (watched: number) =>
    ['h', 'm', 'l'].filter((_, i) => watchedEncoding(i, 3, watched)).join('');

  it('sends the layers up to the top one anyone watches, never fewer than the two lowest', () => {
    expect(sent(2)).toBe('hml');
    expect(sent(1)).toBe('ml');
    expect(sent(0)).toBe('ml');
    expect(sent(-1)).toBe('ml');
  });

  it('leaves a single encoding alone', () => {
    expect(watchedEncoding(0, 1, -1)).toBe(true);
  });
});
