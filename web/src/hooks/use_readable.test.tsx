// @vitest-environment happy-dom

import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Store } from '../core/observable';
import { useOptionalReadable, useReadable } from './use_readable';

describe('useReadable', () => {
  it('re-renders on every change and unsubscribes on unmount', () => {
    const store = new Store(1);
    const { result, unmount } = renderHook(() => useReadable(store));
    expect(result.current).toBe(1);
    act(() => store.set(2));
    expect(result.current).toBe(2);
    expect(store.listenerCount).toBe(1);
    unmount();
    expect(store.listenerCount).toBe(0);
  });

  it('reads null until the store exists, then follows it', () => {
    const store = new Store('a');
    const { result, rerender } = renderHook(
      ({ readable }: { readable: Store<string> | null }) => useOptionalReadable(readable),
      { initialProps: { readable: null as Store<string> | null } },
    );
    expect(result.current).toBeNull();
    rerender({ readable: store });
    expect(result.current).toBe('a');
    act(() => store.set('b'));
    expect(result.current).toBe('b');
  });
});
