import { createContext } from 'react';
import type { MeetingCall } from '../core/call';

export const CallContext = createContext<MeetingCall | null>(null);
