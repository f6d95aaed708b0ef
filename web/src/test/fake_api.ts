// A real HTTP server on loopback answering /api routes the way docs/api.md describes, for
// tests of the code above ApiClient (MeetingCall, MeetingFlow, Session). Each test sets the
// routes it needs; every request is recorded.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Meeting, User } from '../core/types';

/** Returns [status, JSON body] for a request body (parsed JSON or null). */
export type Route = (body: unknown) => [number, unknown?];

export interface FakeApi {
  /** http://127.0.0.1:port */
  base: string;
  /** `METHOD /path` -> handler; unknown routes answer 404 not_found. */
  routes: Map<string, Route>;
  seen: Array<{ method: string; url: string; auth: string | undefined; body: unknown }>;
  close(): Promise<void>;
}

export async function startFakeApi(): Promise<FakeApi> {
  const routes = new Map<string, Route>();
  const seen: FakeApi['seen'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body: unknown = raw ? JSON.parse(raw) : null;
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      const route = routes.get(`${req.method} ${req.url}`);
      const [status, payload] = route
        ? route(body)
        : [404, { error: { code: 'not_found', message: 'No such route.' } }];
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { base, routes, seen, close };
}

export function user(id: string, extra: Partial<User> = {}): User {
  return { id, username: `name-${id}`, guest: false, createdAt: '2026-01-01T00:00:00Z', ...extra };
}

export function meeting(meetingId: string, extra: Partial<Meeting> = {}): Meeting {
  return {
    meetingId,
    title: 'Standup',
    hostId: 'host',
    participants: [],
    status: 'active',
    hasPassword: false,
    createdAt: '2026-01-01T00:00:00Z',
    endedAt: null,
    ...extra,
  };
}
