// A tiny history router: the app has a handful of routes (docs/web.md "Pages"), not worth a
// library.

import { Store, type Readable } from './observable';

export interface Location {
  path: string;
  search: URLSearchParams;
}

export type Route =
  | { name: 'home' }
  | { name: 'meeting'; meetingId: string }
  | { name: 'meeting-history'; meetingId: string }
  | { name: 'check' }
  | { name: 'settings' }
  | { name: 'not-found' };

const store = new Store<Location>(read());
if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => store.set(read()));
}

export const location: Readable<Location> = store;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  store.set(read());
}

export function matchRoute(path: string): Route {
  if (path === '/' || path === '') return { name: 'home' };
  const match = /^\/m\/([^/]+)\/?$/.exec(path);
  if (match) return { name: 'meeting', meetingId: decodeURIComponent(match[1]!) };
  const past = /^\/meetings\/([^/]+)\/?$/.exec(path);
  if (past) return { name: 'meeting-history', meetingId: decodeURIComponent(past[1]!) };
  if (/^\/check\/?$/.test(path)) return { name: 'check' };
  if (/^\/settings\/?$/.test(path)) return { name: 'settings' };
  return { name: 'not-found' };
}

/** The absolute invite URL of a meeting. */
export function meetingUrl(meetingId: string): string {
  return `${window.location.origin}/m/${encodeURIComponent(meetingId)}`;
}

/** Accepts a bare id, `/m/<id>` or a full invite link; returns the meeting id or null. */
export function parseMeetingRef(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  const fromPath = /\/m\/([A-Za-z0-9-]+)/.exec(text);
  if (fromPath) return fromPath[1]!.toLowerCase();
  if (/^[A-Za-z0-9-]+$/.test(text)) return text.toLowerCase();
  return null;
}

function read(): Location {
  if (typeof window === 'undefined') return { path: '/', search: new URLSearchParams() };
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}
