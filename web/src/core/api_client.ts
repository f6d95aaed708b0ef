// REST client for /api (docs/api.md). Every failure is a ParleyError with the
// server's `code`, or a client-side one (network_error, timeout, server_error).

import { debugMark } from './debug_log';
import { ParleyError, toErrorCode } from './errors';
import type { AuthResult, ChatMessage, Meeting, Recording, Stay, User } from './types';

export interface ApiClientOptions {
  /** Origin the API lives on; '' means the page's own. */
  baseUrl?: string;
  /** Returns the bearer token to send, or null when signed out. */
  token: () => string | null;
  /** Called when the server rejects the token, so the session can be dropped. */
  onUnauthorized?: () => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export class ApiClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl ?? '';
    this.timeoutMs = options.timeoutMs ?? 15000;
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  /** The bearer token requests carry now, or null. */
  currentToken(): string | null {
    return this.options.token();
  }

  register(username: string, email: string, password: string): Promise<AuthResult> {
    return this.request('POST', '/api/users', { username, email, password });
  }

  signIn(login: string, password: string): Promise<AuthResult> {
    return this.request('POST', '/api/sessions', { login, password });
  }

  signOut(): Promise<void> {
    return this.request('DELETE', '/api/sessions');
  }

  guest(displayName: string): Promise<AuthResult> {
    return this.request('POST', '/api/guests', { displayName });
  }

  async me(): Promise<User> {
    return (await this.request<{ user: User }>('GET', '/api/me')).user;
  }

  async createMeeting(input: { title?: string; password?: string } = {}): Promise<Meeting> {
    return (await this.request<{ meeting: Meeting }>('POST', '/api/meetings', input)).meeting;
  }

  async meetings(): Promise<Meeting[]> {
    return (await this.request<{ meetings: Meeting[] }>('GET', '/api/meetings')).meetings;
  }

  async meeting(meetingId: string): Promise<Meeting> {
    return (await this.request<{ meeting: Meeting }>('GET', meetingPath(meetingId))).meeting;
  }

  async joinMeeting(meetingId: string, password?: string): Promise<Meeting> {
    const body = password ? { password } : {};
    const path = `${meetingPath(meetingId)}/join`;
    return (await this.request<{ meeting: Meeting }>('POST', path, body)).meeting;
  }

  async endMeeting(meetingId: string): Promise<Meeting> {
    const path = `${meetingPath(meetingId)}/end`;
    return (await this.request<{ meeting: Meeting }>('POST', path, {})).meeting;
  }

  /** The last `limit` (default 500) messages, or the last `limit` older than `before`. */
  async messages(
    meetingId: string,
    page: { before?: string | number; limit?: number } = {},
  ): Promise<ChatMessage[]> {
    const query = new URLSearchParams();
    if (page.before !== undefined) query.set('before', String(page.before));
    if (page.limit !== undefined) query.set('limit', String(page.limit));
    const qs = query.toString();
    const path = `${meetingPath(meetingId)}/messages${qs ? `?${qs}` : ''}`;
    return (await this.request<{ messages: ChatMessage[] }>('GET', path)).messages;
  }

  async attendance(meetingId: string): Promise<Stay[]> {
    const path = `${meetingPath(meetingId)}/attendance`;
    return (await this.request<{ attendance: Stay[] }>('GET', path)).attendance;
  }

  /** The meeting's recordings, oldest first (docs/recording.md "REST"). */
  async recordings(meetingId: string): Promise<Recording[]> {
    const path = `${meetingPath(meetingId)}/recordings`;
    return (await this.request<{ recordings: Recording[] }>('GET', path)).recordings;
  }

  deleteRecording(id: string): Promise<void> {
    return this.request('DELETE', `/api/recordings/${encodeURIComponent(id)}`);
  }

  /** Processes a failed recording again; it comes back `processing`. */
  async retryRecording(id: string): Promise<Recording> {
    const path = `/api/recordings/${encodeURIComponent(id)}/retry`;
    return (await this.request<{ recording: Recording }>('POST', path, {})).recording;
  }

  /** A path the server gave (a recording's signed fileUrl) as a URL on the API's origin. */
  urlOf(path: string): string {
    return this.baseUrl + path;
  }

  async updateMe(displayName: string): Promise<User> {
    return (await this.request<{ user: User }>('PATCH', '/api/me', { displayName })).user;
  }

  changePassword(oldPassword: string, newPassword: string): Promise<void> {
    return this.request('POST', '/api/me/password', { oldPassword, newPassword });
  }

  deleteAccount(): Promise<void> {
    return this.request('DELETE', '/api/me');
  }

  async iceServers(): Promise<RTCIceServer[]> {
    return (await this.request<{ iceServers: RTCIceServer[] }>('GET', '/api/ice-servers'))
      .iceServers;
  }

  private async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    const step = `${method} ${routeOf(path)}`;
    debugMark(`rest-start:${step}`);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
    } catch {
      throw controller.signal.aborted
        ? new ParleyError('timeout', 'The request timed out.')
        : new ParleyError('network_error', 'The server could not be reached.');
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 204) return undefined as T;
    const payload: unknown = await response.json().catch(() => null);
    debugMark(`rest-end:${step}`);
    if (response.ok) return payload as T;
    const error = toError(response, payload);
    if (error.code === 'unauthorized') this.options.onUnauthorized?.();
    throw error;
  }
}

/** A path with its meeting id and query left out, as the join sequence's marks name it. */
function routeOf(path: string): string {
  return path.replace(/\/api\/meetings\/[^/?]+/, '/api/meetings/:id').replace(/\?.*$/, '');
}

function meetingPath(meetingId: string): string {
  return `/api/meetings/${encodeURIComponent(meetingId)}`;
}

function toError(response: Response, payload: unknown): ParleyError {
  const body = (payload as { error?: { code?: unknown; message?: unknown; field?: unknown } })
    ?.error;
  const retry = Number(response.headers.get('Retry-After'));
  const options = {
    status: response.status,
    field: typeof body?.field === 'string' ? body.field : undefined,
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined,
  };
  if (!body) {
    const code = response.status >= 500 ? 'server_error' : 'unknown';
    return new ParleyError(code, `The server answered ${response.status}.`, options);
  }
  const message = typeof body.message === 'string' ? body.message : 'Request failed.';
  return new ParleyError(toErrorCode(body.code), message, options);
}
