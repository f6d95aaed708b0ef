// @vitest-environment happy-dom

import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { PATIENCE_MS } from '../test/wait';
import { describe, expect, it } from 'vitest';
import { Session } from '../core/session';
import { installFakeMediaGlobals } from '../test/fake_webrtc';
import { SessionContext } from './session_context';
import { useMeetingFlow } from './use_meeting_flow';
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
