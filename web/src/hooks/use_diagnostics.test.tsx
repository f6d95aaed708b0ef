// @vitest-environment happy-dom
// useDiagnostics over a real MeetingCall: it follows a mesh created after the first render
// (call.mesh is a Readable) and reads each remote peer's link while the panel is open.

import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingCall } from '../core/call';
import { callFixture, person } from '../test/call_fixture';
import type { FakePeerConnection } from '../test/fake_webrtc';
import { PATIENCE_MS } from '../test/wait';
import { useDiagnostics } from './use_diagnostics';

const settle = (assertion: () => void) => waitFor(assertion, { timeout: PATIENCE_MS });

const calls: MeetingCall[] = [];
afterEach(() => {
  for (const call of calls.splice(0)) call.dispose();
});

describe('useDiagnostics', () => {
  it('gives figures per remote peer of a mesh created after the first render', async () => {
    const { call, socket, wrapper } = await callFixture([person('peer-b', 'ub')]);
    calls.push(call);
    const { result } = renderHook(() => useDiagnostics(true), { wrapper });
    expect(result.current.size).toBe(0);

    await act(() => call.start());
    act(() => socket.accept('self-1'));
    await settle(() => expect(call.mesh.get()?.link('peer-b')).toBeDefined());
    const pc = call.mesh.get()!.link('peer-b')!.pc as unknown as FakePeerConnection;
    pc.stats.set('iv', {
      type: 'inbound-rtp',
      id: 'iv',
      kind: 'video',
      frameWidth: 320,
      frameHeight: 240,
      framesPerSecond: 15,
    });
    await settle(() => expect(result.current.get('peer-b')?.resolution).toBe('320×240'));
    expect(result.current.get('peer-b')).toMatchObject({ path: 'direct', framesPerSecond: 15 });
    expect([...result.current.keys()]).toEqual(['peer-b']);
  });

  it('samples nothing while closed', async () => {
    const { call, socket, wrapper } = await callFixture([person('peer-b', 'ub')]);
    calls.push(call);
    await call.start();
    socket.accept('self-1');
    const { result, rerender } = renderHook(({ open }) => useDiagnostics(open), {
      wrapper,
      initialProps: { open: false },
    });
    // The mesh's own stats sampler has read the link: a round has had its chance.
    await settle(() => expect(call.mesh.get()?.peers.get()[0]?.quality).toBeTruthy());
    expect(result.current.size).toBe(0);
    rerender({ open: true });
    await settle(() => expect(result.current.size).toBe(1));
  });
});
