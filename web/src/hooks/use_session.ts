// The signed-in identity. Throws outside <SessionContext.Provider>.

import { useContext } from 'react';
import type { Session, SessionState } from '../core/session';
import { SessionContext } from './session_context';
import { useReadable } from './use_readable';

export function useSession(): { session: Session; state: SessionState } {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside SessionContext.Provider');
  const state = useReadable(session);
  return { session, state };
}
