import { createContext } from 'react';
import type { Session } from '../core/session';

export const SessionContext = createContext<Session | null>(null);
