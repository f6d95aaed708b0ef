// MeetingFlow from opening a link to the room and out again, over the real Session and
// ApiClient (loopback HTTP server), real LocalMedia (fake devices) and a real MeetingCall whose
// signaling socket the test plays.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeMediaDevices } from '../test/fake_devices';
import { meeting, startFakeApi, user, type FakeApi } from '../test/fake_api';
import { FakeSocket } from '../test/fake_socket';
import { until } from '../test/wait';
import { installFakeMediaGlobals } from '../test/fake_webrtc';
import { LocalMedia } from './local_media';
import { MeetingFlow, type FlowOptions } from './meeting_flow';
import { Session } from './session';
import { SignalingClient } from './signaling';

let api: FakeApi;
const flows: MeetingFlow[] = [];

beforeAll(async () => {
  installFakeMediaGlobals();
  api = await startFakeApi();
});
afterAll(() => api.close());
beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
  api.routes.clear();
  api.seen.length = 0;
  api.routes.set('GET /api/me', () => [200, { user: user('me') }]);
  api.routes.set('GET /api/meetings/m1', () => [200, { meeting: meeting('m1') }]);
  api.routes.set('POST /api/meetings/m1/join', () => [200, { meeting: meeting('m1') }]);
  api.routes.set('GET /api/ice-servers', () => [200, { iceServers: [] }]);
  api.routes.set('GET /api/meetings/m1/messages', () => [200, { messages: [] }]);
  api.routes.set('POST /api/guests', (body) => [
    200,
    {
      user: user('guest-1', {
        guest: true,
        username: (body as { displayName: string }).displayName,
      }),
      token: 'gt',
    },
  ]);
});
afterEach(() => {
  for (const flow of flows.splice(0)) flow.close();
  vi.unstubAllGlobals();
});

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

function setup(options: Partial<FlowOptions> & { signedIn?: boolean } = {}) {
  const storage = new MemoryStorage();
  if (options.signedIn !== false)
    storage.setItem('parley.session', JSON.stringify({ user: user('me'), token: 'tok' }));
  const session = new Session(storage as unknown as Storage, api.base);
  const devices: FakeMediaDevices[] = [];
  const sockets: FakeSocket[] = [];
  const flow = new MeetingFlow(
    session,
    'm1',
    { autojoin: options.autojoin ?? false, name: options.name ?? '' },
    {
      createMedia: () => {
        devices.push(new FakeMediaDevices());
        return new LocalMedia(devices.at(-1)!.asMediaDevices);
      },
      createSignaling: (token) => {
        const socket = new FakeSocket();
        socket.answer('join', () => ({
          ok: true,
          meeting: meeting('m1'),
          participants: [{ socketId: socket.id, userId: 'me', username: 'me' }],
        }));
        sockets.push(socket);
        return new SignalingClient(token, { socket: socket.asSocket });
      },
    },
  );
  flows.push(flow);
  return { flow, session, devices, sockets };
}

const step = (flow: MeetingFlow) => flow.get().step;

describe('meeting flow', () => {
  it('shows the pre-join screen with a camera preview for a signed-in person', async () => {
    const { flow, devices } = setup();
    expect(step(flow)).toBe('loading');
    flow.open();
    await until(() => expect(step(flow)).toBe('prejoin'));
    expect(flow.get()).toMatchObject({ needsPassword: false, error: null });
    expect(flow.get().meeting?.meetingId).toBe('m1');
    expect(devices).toHaveLength(1);
    await until(() => expect(flow.get().media?.get().stream).not.toBeNull());
  });

  it('asks for the password of a protected meeting unless we host it', async () => {
    api.routes.set('GET /api/meetings/m1', () => [
      200,
      { meeting: meeting('m1', { hasPassword: true }) },
    ]);
    const { flow } = setup({ autojoin: true });
    flow.open();
    await until(() => expect(step(flow)).toBe('prejoin'));
    expect(flow.get().needsPassword).toBe(true); // and autojoin waits for it

    api.routes.set('GET /api/meetings/m1', () => [
      200,
      { meeting: meeting('m1', { hasPassword: true, hostId: 'me' }) },
    ]);
    const host = setup({ autojoin: true });
    host.flow.open();
    await until(() => expect(step(host.flow)).toBe('in-call'));
  });

  it('shows an ended meeting as ended and an unknown one as an error', async () => {
    api.routes.set('GET /api/meetings/m1', () => [
      200,
      { meeting: meeting('m1', { status: 'ended' }) },
    ]);
    const ended = setup();
    ended.flow.open();
    await until(() => expect(step(ended.flow)).toBe('ended'));

    api.routes.delete('GET /api/meetings/m1');
    const missing = setup();
    missing.flow.open();
    await until(() => expect(step(missing.flow)).toBe('error'));
    expect(missing.flow.get().error?.code).toBe('not_found');
  });

  it('joins a guest by the link name with autojoin and follows the call to its end', async () => {
    const { flow, session, sockets } = setup({ signedIn: false, autojoin: true, name: 'Zoe' });
    flow.open();
    await until(() => expect(step(flow)).toBe('in-call'));
    expect(api.seen.find((r) => r.url === '/api/guests')?.body).toEqual({ displayName: 'Zoe' });
    expect(session.get().status).toBe('signed-in');
    const call = flow.get().call!;
    await until(() => expect(sockets).toHaveLength(1));
    sockets[0]!.accept('s1');
    await until(() => expect(call.state.get().phase).toBe('in-room'));
    sockets[0]!.push('meeting-ended', { meetingId: 'm1' });
    expect(step(flow)).toBe('ended');
  });

  it('keeps the pre-join screen on a wrong password, with an error only if one was typed', async () => {
    api.routes.set('POST /api/meetings/m1/join', () => [
      403,
      { error: { code: 'wrong_password', message: 'Wrong password.' } },
    ]);
    const { flow } = setup();
    flow.open();
    await until(() => expect(step(flow)).toBe('prejoin'));
    await flow.join();
    expect(flow.get()).toMatchObject({ step: 'prejoin', needsPassword: true, error: null });
    await flow.join({ password: 'guess' });
    expect(flow.get()).toMatchObject({ step: 'prejoin', error: { code: 'wrong_password' } });
    expect(flow.get().call).toBeNull();
  });

  it('returns to the pre-join screen with a fresh camera when the call fails', async () => {
    const { flow, devices, sockets } = setup();
    flow.open();
    await until(() => expect(step(flow)).toBe('prejoin'));
    await until(() => expect(devices[0]!.issued).toHaveLength(2));
    await flow.join();
    expect(step(flow)).toBe('in-call');
    sockets[0]!.refuse('unauthorized');
    expect(flow.get()).toMatchObject({
      step: 'prejoin',
      call: null,
      error: { code: 'unauthorized' },
    });
    expect(devices[0]!.issued.every((t) => t.readyState === 'ended')).toBe(true);
    expect(devices).toHaveLength(2); // a new preview
  });

  it('rejoins after leaving, and releases camera and call on close', async () => {
    const { flow, devices, sockets } = setup();
    flow.open();
    await until(() => expect(step(flow)).toBe('prejoin'));
    await flow.join();
    sockets[0]!.accept('s1');
    const call = flow.get().call!;
    await until(() => expect(call.state.get().phase).toBe('in-room'));
    await call.leave();
    expect(step(flow)).toBe('left');

    flow.rejoin();
    expect(flow.get()).toMatchObject({ step: 'prejoin', call: null });
    expect(devices).toHaveLength(2);
    await until(() => expect(devices[1]!.issued).toHaveLength(2));
    flow.close();
    expect(flow.get().media).toBeNull();
    expect(devices.flatMap((d) => d.issued).every((t) => t.readyState === 'ended')).toBe(true);
  });
});
