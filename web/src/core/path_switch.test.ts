import { describe, expect, it } from 'vitest';
import { PathSwitch } from './path_switch';

describe('PathSwitch', () => {
  it('shows a newcomer the target path at once', () => {
    const s = new PathSwitch('sfu');
    expect(s.shown('a')).toBe('sfu');
    expect(s.step(['a'], () => false, 0)).toEqual({ moved: [], done: true });
  });

  it('moves each participant only once the new path carries media', () => {
    const s = new PathSwitch('mesh');
    s.shown('a');
    s.shown('b');
    s.begin('sfu', 1000);
    expect(s.shown('a')).toBe('mesh');
    const carrying = new Set(['a']);
    expect(s.step(['a', 'b'], (id) => carrying.has(id), 1100)).toEqual({
      moved: ['a'],
      done: false,
    });
    expect(s.pending()).toEqual(['b']);
    carrying.add('b');
    expect(s.step(['a', 'b'], (id) => carrying.has(id), 1200)).toEqual({
      moved: ['b'],
      done: true,
    });
    expect(s.shown('b')).toBe('sfu');
  });

  it('moves everyone after the fallback time even without media', () => {
    const s = new PathSwitch('sfu', 5000);
    s.shown('a');
    s.begin('mesh', 0);
    expect(s.step(['a'], () => false, 4999).moved).toEqual([]);
    expect(s.step(['a'], () => false, 5000)).toEqual({ moved: ['a'], done: true });
  });

  it('forgets participants who left, so a switch can finish without them', () => {
    const s = new PathSwitch('mesh');
    s.shown('a');
    s.shown('b');
    s.begin('sfu', 0);
    expect(s.step(['a'], () => true, 10)).toEqual({ moved: ['a'], done: true });
    expect(s.pending()).toEqual([]);
  });

  it('turns back mid-switch: those already moved move back the same way', () => {
    const s = new PathSwitch('mesh');
    s.shown('a');
    s.shown('b');
    s.begin('sfu', 0);
    s.step(['a', 'b'], (id) => id === 'a', 10);
    s.begin('mesh', 20);
    expect(s.shown('b')).toBe('mesh');
    expect(s.step(['a', 'b'], () => true, 30)).toEqual({ moved: ['a'], done: true });
  });

  it('ignores a begin to the path it already targets', () => {
    const s = new PathSwitch('mesh');
    s.begin('mesh', 100);
    expect(s.target).toBe('mesh');
  });
});
