// @vitest-environment happy-dom

import { act, fireEvent, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingCall } from '../core/call';
import { callFixture } from '../test/call_fixture';
import { useKeyboardShortcuts } from './use_keyboard_shortcuts';
import { useMediaToggle } from './use_media_toggle';

const calls: MeetingCall[] = [];
afterEach(() => {
  for (const call of calls.splice(0)) call.dispose();
});

async function joined() {
  const fixture = await callFixture();
  calls.push(fixture.call);
  await fixture.call.start();
  fixture.socket.accept('self-1');
  return fixture;
}

describe('useMediaToggle', () => {
  it('returns ready-to-spread button props with the contract test ids', async () => {
    const { wrapper } = await joined();
    const { result } = renderHook(
      () => ['audio', 'video', 'screen', 'hand'].map((k) => useMediaToggle(k as never)),
      { wrapper },
    );
    expect(result.current.map((t) => t.buttonProps['data-testid'])).toEqual([
      'toggle-audio',
      'toggle-video',
      'share-screen',
      'raise-hand',
    ]);
    expect(result.current.map((t) => t.on)).toEqual([true, true, false, false]);
  });

  it('flips the microphone and the hand through the call', async () => {
    const { wrapper, socket, media } = await joined();
    const { result } = renderHook(
      () => ({ mic: useMediaToggle('audio'), hand: useMediaToggle('hand') }),
      {
        wrapper,
      },
    );
    act(() => result.current.mic.buttonProps.onClick());
    expect(result.current.mic.on).toBe(false);
    expect(result.current.mic.buttonProps['aria-pressed']).toBe(false);
    expect(media.get().audioEnabled).toBe(false);
    act(() => result.current.hand.toggle());
    expect(result.current.hand.on).toBe(true);
    expect(socket.sentOf('raise-hand').at(-1)?.payload).toEqual({ raised: true });
  });

  it('is unavailable without a track', async () => {
    const fixture = await callFixture();
    calls.push(fixture.call);
    fixture.media.stop();
    const { result } = renderHook(() => useMediaToggle('video'), { wrapper: fixture.wrapper });
    expect(result.current).toMatchObject({ on: false, available: false });
    expect(result.current.buttonProps.disabled).toBe(true);
  });
});

describe('useKeyboardShortcuts', () => {
  it('M and V toggle microphone and camera, except while typing; removed on unmount', async () => {
    const { wrapper, media } = await joined();
    const { unmount } = renderHook(() => useKeyboardShortcuts(), { wrapper });
    act(() => void fireEvent.keyDown(window, { key: 'm' }));
    expect(media.get().audioEnabled).toBe(false);
    act(() => void fireEvent.keyDown(window, { key: 'V' }));
    expect(media.get().videoEnabled).toBe(false);

    const input = document.createElement('input');
    document.body.append(input);
    act(() => void fireEvent.keyDown(input, { key: 'm' }));
    expect(media.get().audioEnabled).toBe(false);
    act(() => void fireEvent.keyDown(window, { key: 'm', ctrlKey: true }));
    expect(media.get().audioEnabled).toBe(false);

    unmount();
    act(() => void fireEvent.keyDown(window, { key: 'm' }));
    expect(media.get().audioEnabled).toBe(false);
  });
});
