// The REST client against a real HTTP server on loopback that answers like the contract.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient } from './api_client';
import { describeError, ParleyError } from './errors';

let server: Server;
let base = '';
const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(payload === undefined ? undefined : JSON.stringify(payload));
      };
      if (req.url === '/api/sessions' && req.method === 'POST') {
        const { password } = JSON.parse(body) as { password: string };
        if (password === 'right-password')
          return send(200, {
            user: { id: 'u1', username: 'alice', guest: false, createdAt: 'x' },
            token: 'tok',
          });
        if (password === 'many')
          return send(
            429,
            { error: { code: 'rate_limited', message: 'Slow down.' } },
            { 'Retry-After': '120' },
          );
        return send(401, {
          error: { code: 'invalid_credentials', message: 'Wrong login or password.' },
        });
      }
      if (req.url === '/api/users')
        return send(400, {
          error: { code: 'invalid_field', message: 'Must be 3-32 characters.', field: 'username' },
        });
      if (req.url === '/api/meetings/abcd-efgh-jkmn/join')
        return send(403, { error: { code: 'wrong_password', message: 'Wrong password.' } });
      if (req.url === '/api/me')
        return send(401, { error: { code: 'unauthorized', message: 'Token expired.' } });
      if (req.url === '/api/sessions' && req.method === 'DELETE') return send(204);
      if (req.url === '/api/ice-servers')
        return send(200, { iceServers: [{ urls: ['stun:127.0.0.1:3478'] }] });
      send(500, 'not json');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('REST client', () => {
  it('sends JSON with the bearer token and returns the body', async () => {
    const api = new ApiClient({ baseUrl: base, token: () => 'tok-1' });
    const result = await api.signIn('alice', 'right-password');
    expect(result.token).toBe('tok');
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', url: '/api/sessions', auth: 'Bearer tok-1' });
    expect(JSON.parse(last.body)).toEqual({ login: 'alice', password: 'right-password' });
    expect(await api.iceServers()).toEqual([{ urls: ['stun:127.0.0.1:3478'] }]);
    await expect(api.signOut()).resolves.toBeUndefined();
  });

  it('turns contract errors into ParleyError with code, status, field and Retry-After', async () => {
    const api = new ApiClient({ baseUrl: base, token: () => null });
    const wrong = await api.signIn('alice', 'nope').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ParleyError);
    expect(wrong).toMatchObject({ code: 'invalid_credentials', status: 401 });
    expect(describeError(wrong)).toBe('That username or password is not right.');

    const field = await api.register('a', 'a@b.c', 'password1').catch((e: unknown) => e);
    expect(field).toMatchObject({ code: 'invalid_field', field: 'username', status: 400 });
    expect(describeError(field)).toBe('Please check the username: must be 3-32 characters.');

    const limited = await api.signIn('alice', 'many').catch((e: unknown) => e);
    expect(limited).toMatchObject({ code: 'rate_limited', retryAfter: 120 });
    expect(describeError(limited)).toBe('Too many attempts. Please wait 2 minutes and try again.');

    await expect(api.joinMeeting('abcd-efgh-jkmn', 'x')).rejects.toMatchObject({
      code: 'wrong_password',
      status: 403,
    });
    await expect(api.meetings()).rejects.toMatchObject({ code: 'server_error', status: 500 });
  });

  it('reports an unusable token so the session can be dropped', async () => {
    const onUnauthorized = vi.fn();
    const api = new ApiClient({ baseUrl: base, token: () => 'stale', onUnauthorized });
    await expect(api.me()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('reports an unreachable server as network_error', async () => {
    const api = new ApiClient({ baseUrl: 'http://127.0.0.1:1', token: () => null });
    const error = await api.me().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network_error' });
    expect(describeError(error)).toMatch(/Cannot reach the Parley server/);
  });
});
