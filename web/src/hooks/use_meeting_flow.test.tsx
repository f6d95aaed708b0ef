// @vitest-environment happy-dom

import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { PATIENCE_MS } from '../test/wait';
import { describe, expect, it } from 'vitest';
import { Session } from '../core/session';
import { installFakeMediaGlobals } from '../test/fake_webrtc';
import { SessionContext } from './session_context';
import { startMeetingFlow, useMeetingFlow } from './use_meeting_flow';
import { useSession } from './use_session';

const settle = (assertion: () => void) => waitFor(assertion, { timeout: PATIENCE_MS });

function signedOut() {
  installFakeMediaGlobals();
  const session = new Session(null);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
  );
  return { session, wrapper };
}

describe('useMeetingFlow', () => {
  it('opens the flow while mounted, keeps it across renders, and closes it on unmount', async () => {
    const { wrapper } = signedOut();
    const { result, rerender, unmount } = renderHook(
      () => useMeetingFlow('m1', { autojoin: false, name: '' }),
      { wrapper },
    );
    const flow = result.current.flow;
    await settle(() => expect(result.current.state.step).toBe('prejoin'));
    expect(result.current.state.media).not.toBeNull();
    rerender();
    expect(result.current.flow).toBe(flow);
    unmount();
    expect(flow.get().media).toBeNull();
  });

  it('adopts the flow started before the first render, only for its session and meeting', async () => {
    const { session, wrapper } = signedOut();
    startMeetingFlow(session, 'm1', { autojoin: false, name: '' });
    const other = new Session(null);
    startMeetingFlow(other, 'm1', { autojoin: false, name: '' }); // replaces (closes) the first
    const { result, unmount } = renderHook(
      () => useMeetingFlow('m1', { autojoin: false, name: '' }),
      { wrapper },
    );
    // The one started ahead belonged to another session: closed, and a new flow is used.
    expect(result.current.flow.session).toBe(session);
    unmount();

    const started = startMeetingFlow(session, 'm1', { autojoin: false, name: '' });
    expect(started.get().media).not.toBeNull(); // opened before React rendered
    const early = renderHook(() => useMeetingFlow('m1', { autojoin: false, name: '' }), {
      wrapper,
    });
    expect(early.result.current.flow).toBe(started);
    await settle(() => expect(early.result.current.state.step).toBe('prejoin'));
    const adopted = early.result.current.flow;
    early.unmount();
    expect(adopted.get().media).toBeNull();

    startMeetingFlow(session, 'm2', { autojoin: false, name: '' });
    const elsewhere = renderHook(() => useMeetingFlow('m1', { autojoin: false, name: '' }), {
      wrapper,
    });
    expect(elsewhere.result.current.flow.meetingId).toBe('m1'); // m2's was not taken
    elsewhere.unmount();
  });
});

describe('useSession', () => {
  it('reads the session state, and throws outside its provider', () => {
    const { session, wrapper } = signedOut();
    const { result } = renderHook(() => useSession(), { wrapper });
    expect(result.current.session).toBe(session);
    expect(result.current.state).toEqual({ status: 'signed-out' });
    expect(() => renderHook(() => useSession())).toThrow(/inside SessionContext.Provider/);
  });
});
