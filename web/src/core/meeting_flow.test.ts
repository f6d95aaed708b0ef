// MeetingFlow from opening a link to the room and out again, over the real Session and
// ApiClient (loopback HTTP server), real LocalMedia (fake devices) and a real MeetingCall whose
// signaling socket the test plays.

import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeMediaDevices } from '../test/fake_devices';
import { fakeApiPerTest, meeting, user } from '../test/fake_api';
import { FakeSocket } from '../test/fake_socket';
import { until } from '../test/wait';
import { installFakeMediaGlobals } from '../test/fake_webrtc';
import { LocalMedia } from './local_media';
import { MeetingFlow, type FlowOptions } from './meeting_flow';
import { Session } from './session';
import { SignalingClient } from './signaling';

// No `POST /api/meetings/m1/join`: the client joins through the socket alone (a REST join
// would get 404 here).
const api = fakeApiPerTest(() => ({
  'GET /api/me': () => [200, { user: user('me') }],
  'GET /api/meetings/m1': () => [200, { meeting: meeting('m1') }],
  'GET /api/ice-servers': () => [200, { iceServers: [] }],
  'GET /api/meetings/m1/messages': () => [200, { messages: [] }],
  'POST /api/guests': (body) => {
    const username = (body as { displayName: string }).displayName;
    return [200, { user: user('guest-1', { guest: true, username }), token: 'gt' }];
  },
}));
const flows: MeetingFlow[] = [];

beforeAll(installFakeMediaGlobals);
beforeEach(() => vi.stubGlobal('window', new EventTarget()));
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

interface SetupOptions extends Partial<FlowOptions> {
  signedIn?: boolean;
  /** The first camera answers only when `releaseCamera()` is called. */
  holdCamera?: boolean;
}

function setup(options: SetupOptions = {}) {
  const storage = new MemoryStorage();
  if (options.signedIn !== false)
    storage.setItem('parley.session', JSON.stringify({ user: user('me'), token: 'tok' }));
  const session = new Session(storage as unknown as Storage, api.base);
  const devices: FakeMediaDevices[] = [];
  const sockets: FakeSocket[] = [];
  const tokens: string[] = [];
  let releaseCamera = () => {};
  const flow = new MeetingFlow(
    session,
    'm1',
    { autojoin: options.autojoin ?? false, name: options.name ?? '' },
    {
      createMedia: () => {
        const d = new FakeMediaDevices();
        if (options.holdCamera && devices.length === 0) releaseCamera = d.hold();
        devices.push(d);
        return new LocalMedia(d.asMediaDevices);
      },
      createSignaling: (token) => {
        const socket = new FakeSocket();
        socket.answer('join', () => ({
          ok: true,
          meeting: meeting('m1'),
          participants: [{ socketId: socket.id, userId: 'me', username: 'me' }],
        }));
        sockets.push(socket);
        tokens.push(token);
        return new SignalingClient(token, { socket: socket.asSocket });
      },
    },
  );
  flows.push(flow);
  return { flow, session, devices, sockets, tokens, releaseCamera: () => releaseCamera() };
}

const seen = (path: string) => api.seen.filter((r) => r.url === path);

const step = (flow: MeetingFlow) => flow.get().step;

describe('meeting flow', () => {
  it('shows the pre-join screen with a camera preview, already connecting, for a signed-in person', async () => {
    const { flow, devices, sockets } = setup();
    expect(step(flow)).toBe('loading');
    flow.open();
    await until(() => expect(step(flow)).toBe('prejoin'));
    expect(flow.get()).toMatchObject({ needsPassword: false, error: null });
    expect(flow.get().meeting?.meetingId).toBe('m1');
    expect(devices).toHaveLength(1);
    await until(() => expect(flow.get().media?.get().stream).not.toBeNull());
    // The connection and the ICE servers are ready before the person clicks join.
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.connectCalls).toBe(1);
    expect(sockets[0]!.sentOf('join')).toHaveLength(0);
    await until(() => expect(seen('/api/ice-servers')).toHaveLength(1));
  });

  it('starts the camera, the guest, the connection, the ICE servers and the meeting at once', async () => {
    const { flow, devices, sockets, tokens, releaseCamera } = setup({
      signedIn: false,
      autojoin: true,
      name: 'Zoe',
      holdCamera: true,
    });
    flow.open();
    expect(devices[0]!.requests).toHaveLength(1); // asked for before anything else answered
    // With the camera still pending, everything that needs only the guest's token is under way.
    await until(() => expect(sockets).toHaveLength(1));
    expect(tokens).toEqual(['gt']);
    await until(() => expect(seen('/api/ice-servers')).toHaveLength(1));
    await until(() => expect(seen('/api/meetings/m1')).toHaveLength(1));
    sockets[0]!.accept('s1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sockets[0]!.sentOf('join')).toHaveLength(0); // the join carries our media: it waits
    releaseCamera();
    await until(() => expect(step(flow)).toBe('in-call'));
    expect(sockets[0]!.sentOf('join')[0]?.payload).toMatchObject({ audio: true, video: true });
    expect(seen('/api/meetings/m1/join')).toHaveLength(0);
  });

  it('connects with a stored token while checking it, and joins as a guest if it was revoked', async () => {
    api.routes.set('GET /api/me', () => [
      401,
      { error: { code: 'unauthorized', message: 'Token revoked.' } },
    ]);
    const { flow, sockets, tokens, session } = setup({ autojoin: true, name: 'Zoe' });
    flow.open();
    await until(() => expect(sockets).toHaveLength(2));
    expect(tokens).toEqual(['tok', 'gt']);
    expect(sockets[0]!.disconnectCalls).toBe(1); // the stale token's connection is closed
    expect(session.get().status).toBe('signed-in');
    sockets[1]!.accept('s1');
    await until(() => expect(step(flow)).toBe('in-call'));
  });

  it('asks for the password of a protected meeting unless we host it', async () => {
    api.routes.set('GET /api/meetings/m1', () => [
      200,
      { meeting: meeting('m1', { hasPassword: true }) },
    ]);
    const { flow, sockets } = setup({ autojoin: true });
    flow.open();
    await until(() => expect(step(flow)).toBe('prejoin'));
    expect(flow.get().needsPassword).toBe(true); // and autojoin waits for it
    expect(sockets[0]!.sentOf('join')).toHaveLength(0);

    api.routes.set('GET /api/meetings/m1', () => [
      200,
      { meeting: meeting('m1', { hasPassword: true, hostId: 'me' }) },
    ]);
    const host = setup({ autojoin: true });
    host.flow.open();
    await until(() => expect(host.sockets).toHaveLength(1));
    host.sockets[0]!.accept('s2');
    await until(() => expect(step(host.flow)).toBe('in-call'));
  });

  it('asks a guest arriving by link for the password before joining', async () => {
    api.routes.set('GET /api/meetings/m1', () => [
      200,
      { meeting: meeting('m1', { hasPassword: true }) },
    ]);
    const { flow, sockets } = setup({ signedIn: false, autojoin: true, name: 'Zoe' });
    flow.open();
    await until(() => expect(flow.get().needsPassword).toBe(true));
    expect(flow.get()).toMatchObject({ step: 'prejoin', error: null, call: null });
    expect(sockets[0]!.sentOf('join')).toHaveLength(0);
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
    await until(() => expect(sockets).toHaveLength(1));
    expect(seen('/api/guests')[0]?.body).toEqual({ displayName: 'Zoe' });
    expect(session.get().status).toBe('signed-in');
    await until(() => expect(step(flow)).toBe('joining'));
    sockets[0]!.accept('s1');
    await until(() => expect(step(flow)).toBe('in-call'));
    const call = flow.get().call!;
    expect(call.state.get().phase).toBe('in-room');
    await until(() => expect(seen('/api/meetings/m1/messages')).toHaveLength(1));
    sockets[0]!.push('meeting-ended', { meetingId: 'm1' });
    expect(step(flow)).toBe('ended');
  });

  it('keeps the pre-join screen on a wrong password, with an error only if one was typed', async () => {
    const { flow, sockets } = setup();
    flow.open();
    await until(() => expect(step(flow)).toBe('prejoin'));
    const refuse = () => ({ error: { code: 'wrong_password', message: 'Wrong password.' } });
    sockets[0]!.answer('join', refuse);
    sockets[0]!.accept('s1');
    await flow.join();
    await until(() => expect(flow.get().needsPassword).toBe(true));
    expect(flow.get()).toMatchObject({ step: 'prejoin', error: null, call: null });

    await until(() => expect(sockets).toHaveLength(2)); // a join needs a fresh connection
    sockets[1]!.answer('join', refuse);
    sockets[1]!.accept('s2');
    await flow.join({ password: 'guess' });
    await until(() => expect(flow.get().error?.code).toBe('wrong_password'));
    expect(flow.get()).toMatchObject({ step: 'prejoin', call: null });
    expect(sockets[1]!.sentOf('join')[0]?.payload).toMatchObject({ password: 'guess' });
  });

  it('returns to the pre-join screen with a fresh camera when the call fails', async () => {
    const { flow, devices, sockets } = setup();
    flow.open();
    await until(() => expect(step(flow)).toBe('prejoin'));
    await until(() => expect(devices[0]!.issued).toHaveLength(2));
    await flow.join();
    expect(step(flow)).toBe('joining');
    sockets[0]!.refuse('unauthorized');
    expect(flow.get()).toMatchObject({
      step: 'prejoin',
      call: null,
      error: { code: 'unauthorized' },
    });
    expect(devices[0]!.issued.every((t) => t.readyState === 'ended')).toBe(true);
    expect(devices).toHaveLength(2); // a new preview
  });

  it('rejoins after leaving, and releases camera, call and connection on close', async () => {
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
    await until(() => expect(sockets).toHaveLength(2)); // connecting again for the next join
    flow.close();
    expect(flow.get().media).toBeNull();
    expect(devices.flatMap((d) => d.issued).every((t) => t.readyState === 'ended')).toBe(true);
    await until(() => expect(sockets[1]!.disconnectCalls).toBe(1));
  });
});
