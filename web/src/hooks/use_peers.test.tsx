// @vitest-environment happy-dom
// The room's read hooks over a real MeetingCall: the mesh appears after the component first
// rendered, and the hooks must follow it (call.mesh is a Readable for that reason).

import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingCall } from '../core/call';
import { callFixture, person } from '../test/call_fixture';
import type { FakePeerConnection } from '../test/fake_webrtc';
import { PATIENCE_MS } from '../test/wait';
import { useActiveSpeaker } from './use_active_speaker';
import { useCall } from './use_call';
import { useConnection } from './use_connection';
import { usePeers } from './use_peers';
import { useRoster } from './use_roster';

const settle = (assertion: () => void) => waitFor(assertion, { timeout: PATIENCE_MS });

const calls: MeetingCall[] = [];
afterEach(() => {
  for (const call of calls.splice(0)) call.dispose();
});

describe('room hooks', () => {
  it('usePeers and useActiveSpeaker follow a mesh created after the first render', async () => {
    const { call, socket, wrapper } = await callFixture([person('peer-b', 'ub')]);
    calls.push(call);
    // Each hook alone, so that nothing but its own subscription can re-render it.
    const peers = renderHook(() => usePeers(), { wrapper }).result;
    const speaker = renderHook(() => useActiveSpeaker(), { wrapper }).result;
    const connection = renderHook(() => useConnection(), { wrapper }).result;
    expect(peers.current.size).toBe(0);
    expect(speaker.current).toBeNull();
    expect(connection.current).toBe('connecting');

    await act(() => call.start());
    act(() => socket.accept('self-1'));
    await settle(() => expect([...peers.current.keys()]).toEqual(['peer-b']));
    expect(peers.current.get('peer-b')).toMatchObject({ userId: 'ub' });
    expect(connection.current).toBe('connected');

    // b's audio gets loud: the next stats round (every second) makes b the speaker.
    const pc = call.mesh.get()!.link('peer-b')!.pc as unknown as FakePeerConnection;
    pc.stats.set('in-a', { type: 'inbound-rtp', id: 'in-a', kind: 'audio', audioLevel: 0.4 });
    await settle(() => expect(speaker.current).toBe('peer-b'));
    await settle(() => expect(peers.current.get('peer-b')?.quality).not.toBeNull());
  });

  it('keeps the peers map identity while nothing changed', async () => {
    const { call, socket, wrapper } = await callFixture([person('peer-b', 'ub')]);
    calls.push(call);
    await call.start();
    socket.accept('self-1');
    const { result, rerender } = renderHook(() => usePeers(), { wrapper });
    await settle(() => expect(result.current.size).toBe(1));
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });

  it('useRoster lists everyone and finds us', async () => {
    const { call, socket, wrapper } = await callFixture([person('peer-b', 'ub')]);
    calls.push(call);
    await call.start();
    const { result } = renderHook(() => useRoster(), { wrapper });
    expect(result.current).toEqual({ participants: [], self: null });
    act(() => socket.accept('self-1'));
    await settle(() => expect(result.current.self?.socketId).toBe('self-1'));
    expect(result.current.participants.map((p) => p.userId)).toEqual(['me', 'ub']);
    act(() => socket.push('user-joined', person('peer-c', 'uc')));
    expect(result.current.participants).toHaveLength(3);
  });

  it('useCall throws outside the room', () => {
    expect(() => renderHook(() => useCall())).toThrow(/inside CallContext.Provider/);
  });
});
