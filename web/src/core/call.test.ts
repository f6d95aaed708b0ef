// MeetingCall end to end inside the client: the real SignalingClient over a FakeSocket (the
// test plays the signaling server), the real ApiClient against a loopback HTTP server, the
// real LocalMedia over fake devices, and the real mesh over fake RTCPeerConnections.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeMediaDevices } from '../test/fake_devices';
import { meeting, startFakeApi, user, type FakeApi } from '../test/fake_api';
import { FakeSocket } from '../test/fake_socket';
import { until } from '../test/wait';
import { FakeTrack, installFakeMediaGlobals } from '../test/fake_webrtc';
import { ApiClient } from './api_client';
import { MeetingCall } from './call';
import { LEAVE_CONFIRM_MS } from './call_roster';
import { LocalMedia } from './local_media';
import { SignalingClient } from './signaling';
import type { Participant } from './types';

let api: FakeApi;
const calls: MeetingCall[] = [];

beforeAll(async () => {
  installFakeMediaGlobals();
  api = await startFakeApi();
});
afterAll(() => api.close());
beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
  api.routes.clear();
  api.seen.length = 0;
  api.routes.set('GET /api/ice-servers', () => [200, { iceServers: [] }]);
  api.routes.set('GET /api/meetings/m1/messages', () => [
    200,
    { messages: [{ id: 'c1', userId: 'u9', username: 'x', text: 'earlier', sentAt: 't' }] },
  ]);
});
afterEach(() => {
  for (const call of calls.splice(0)) call.dispose();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function person(socketId: string, userId: string, extra: Partial<Participant> = {}): Participant {
  const base = { username: userId, audio: true, video: true, screen: false, raised: false };
  return { socketId, userId, ...base, ...extra };
}

/** A started call whose socket is not yet accepted; `join` answers with `others` + self. */
async function setup(options: { others?: Participant[]; hostId?: string } = {}) {
  const socket = new FakeSocket();
  const devices = new FakeMediaDevices();
  const media = new LocalMedia(devices.asMediaDevices);
  await media.start();
  const call = new MeetingCall({
    api: new ApiClient({ baseUrl: api.base, token: () => 'tok' }),
    token: 'tok',
    user: user('me'),
    meeting: meeting('m1', { hostId: options.hostId ?? 'host' }),
    media,
    createSignaling: (token) => new SignalingClient(token, { socket: socket.asSocket }),
  });
  calls.push(call);
  let others = options.others ?? [];
  socket.answer('join', () => ({
    ok: true,
    meeting: meeting('m1', { title: 'From join' }),
    participants: [person(socket.id!, 'me'), ...others],
  }));
  await call.start();
  const setOthers = (list: Participant[]) => (others = list);
  return { socket, devices, media, call, setOthers };
}

/** Accepts the connection and waits until the call is in the room. */
async function enter(socket: FakeSocket, call: MeetingCall, id = 'self-1') {
  socket.accept(id);
  await until(() => expect(call.state.get().phase).toBe('in-room'));
}

describe('meeting call', () => {
  it('joins with the media state, lists the room, connects to the others and loads chat', async () => {
    const { socket, call } = await setup({ others: [person('peer-b', 'ub')] });
    expect(call.mesh.get()).not.toBeNull(); // created once the ICE servers arrived
    await enter(socket, call);
    expect(socket.sentOf('join')[0]?.payload).toEqual({
      room: 'm1',
      userId: 'me',
      audio: true,
      video: true,
    });
    const state = call.state.get();
    expect(state.selfSocketId).toBe('self-1');
    expect(state.meeting.title).toBe('From join');
    expect(call.roster.get().map((p) => p.socketId)).toEqual(['self-1', 'peer-b']);
    expect(call.mesh.get()!.link('peer-b')).toBeDefined();
    expect(call.mesh.get()!.size).toBe(1);
    expect(call.connection.get()).toBe('connected');
    await until(() => expect(call.chat.get().messages.map((m) => m.id)).toEqual(['c1']));
  });

  it('follows people joining, and believes a leave only after LEAVE_CONFIRM_MS', async () => {
    const { socket, call } = await setup();
    await enter(socket, call);
    socket.push('user-joined', person('peer-c', 'uc'));
    expect(call.roster.get().map((p) => p.socketId)).toEqual(['self-1', 'peer-c']);
    expect(call.mesh.get()!.link('peer-c')).toBeDefined();
    socket.push('media-state', {
      socketId: 'peer-c',
      userId: 'uc',
      audio: false,
      video: true,
      screen: true,
    });
    socket.push('raise-hand', { socketId: 'peer-c', userId: 'uc', raised: true });
    expect(call.roster.get()[1]).toMatchObject({ audio: false, screen: true, raised: true });

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    socket.push('user-left', { socketId: 'peer-c', userId: 'uc' });
    vi.advanceTimersByTime(LEAVE_CONFIRM_MS - 1);
    expect(call.roster.get()).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(call.roster.get().map((p) => p.socketId)).toEqual(['self-1']);
    expect(call.mesh.get()!.link('peer-c')).toBeUndefined();
  });

  it('keeps someone whose leave arrived just before our own socket dropped', async () => {
    const { socket, call, setOthers } = await setup({ others: [person('peer-b', 'ub')] });
    await enter(socket, call);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    socket.push('user-left', { socketId: 'peer-b', userId: 'ub' });
    socket.drop('io server disconnect'); // the server is going down
    expect(call.connection.get()).toBe('reconnecting');
    vi.advanceTimersByTime(LEAVE_CONFIRM_MS * 2);
    expect(call.roster.get().map((p) => p.socketId)).toEqual(['self-1', 'peer-b']);
    vi.useRealTimers();

    // Back under new ids: b reappears as peer-b2 and takes over the kept link.
    const link = call.mesh.get()!.link('peer-b');
    setOthers([person('peer-b2', 'ub')]);
    socket.accept('self-2');
    await until(() => expect(call.state.get().selfSocketId).toBe('self-2'));
    expect(socket.sentOf('join')).toHaveLength(2);
    expect(call.roster.get().map((p) => p.socketId)).toEqual(['self-2', 'peer-b2']);
    expect(call.mesh.get()!.link('peer-b2')).toBe(link);
  });

  it('announces toggles in the room and on its own roster entry', async () => {
    const { socket, call, media } = await setup();
    call.setAudio(false); // before joining: carried by the join request instead
    expect(socket.sentOf('media-state')).toHaveLength(0);
    await enter(socket, call);
    expect(socket.sentOf('join')[0]?.payload).toMatchObject({ audio: false, video: true });
    call.setVideo(false);
    expect(socket.sentOf('media-state').at(-1)?.payload).toEqual({
      audio: false,
      video: false,
      screen: false,
    });
    expect(call.roster.get()[0]).toMatchObject({ audio: false, video: false });
    expect((media.audioTrack() as unknown as FakeTrack).enabled).toBe(false);

    await call.toggleScreenShare();
    await until(() =>
      expect(socket.sentOf('media-state').at(-1)?.payload).toMatchObject({ screen: true }),
    );
    expect(call.roster.get()[0]?.screen).toBe(true);

    call.setHandRaised(true);
    expect(socket.sentOf('raise-hand').at(-1)?.payload).toEqual({ raised: true });
    expect(call.state.get().handRaised).toBe(true);
    expect(call.roster.get()[0]?.raised).toBe(true);

    // The server forgets screen and hand on a rejoin: both are sent again.
    socket.drop();
    socket.accept('self-2');
    await until(() => expect(socket.sentOf('raise-hand')).toHaveLength(2));
    expect(socket.sentOf('media-state').at(-1)?.payload).toMatchObject({ screen: true });
  });

  it('sends chat trimmed and ignores blank messages', async () => {
    const { socket, call } = await setup();
    socket.answer('chat-message', () => ({ ok: true }));
    await enter(socket, call);
    await call.sendChat('   ');
    await call.sendChat('  hello ');
    expect(socket.sentOf('chat-message').map((s) => s.payload)).toEqual([{ text: 'hello' }]);
    socket.push('chat-message', { id: 'c2', userId: 'u2', username: 'b', text: 'hi', sentAt: 't' });
    expect(call.chat.get().messages.some((m) => m.id === 'c2')).toBe(true);
  });

  it('ends when the meeting ends and releases socket, mesh and camera', async () => {
    const { socket, call, devices } = await setup({ others: [person('peer-b', 'ub')] });
    await enter(socket, call);
    const pc = call.mesh.get()!.link('peer-b')!.pc;
    socket.push('meeting-ended', { meetingId: 'm1' });
    expect(call.state.get().phase).toBe('ended');
    expect(call.connection.get()).toBe('closed');
    expect(socket.listenerCount).toBe(0);
    expect(pc.connectionState).toBe('closed');
    expect(call.mesh.get()!.size).toBe(0);
    expect(devices.issued.every((t) => t.readyState === 'ended')).toBe(true);
    call.dispose(); // already torn down: no change
    expect(call.state.get().phase).toBe('ended');
  });

  it('maps join failures: a wrong password fails, an ended meeting ends, a timeout waits', async () => {
    const wrong = await setup();
    wrong.socket.answer('join', () => ({
      ok: false,
      error: { code: 'wrong_password', message: 'Wrong password.' },
    }));
    wrong.socket.accept('s1');
    await until(() => expect(wrong.call.state.get().phase).toBe('failed'));
    expect(wrong.call.state.get().error?.code).toBe('wrong_password');

    const ended = await setup();
    ended.socket.answer('join', () => ({ ok: false, error: { code: 'meeting_ended' } }));
    ended.socket.accept('s1');
    await until(() => expect(ended.call.state.get().phase).toBe('ended'));

    const slow = await setup();
    slow.socket.answer('join', () => 'timeout');
    slow.socket.accept('s1');
    await until(() => expect(slow.socket.sentOf('join')).toHaveLength(1));
    // Reconnecting retries the join; the phase stays 'joining' meanwhile.
    slow.socket.answer('join', () => ({ ok: true, meeting: meeting('m1'), participants: [] }));
    slow.socket.drop();
    expect(slow.call.state.get().phase).toBe('joining');
    await enter(slow.socket, slow.call, 's2');
  });

  it('fails with unauthorized when the token is refused', async () => {
    const { socket, call } = await setup();
    socket.refuse('unauthorized');
    expect(call.state.get()).toMatchObject({ phase: 'failed', error: { code: 'unauthorized' } });
  });

  it('ends for everyone over signaling, or over REST when signaling does not answer', async () => {
    const host = await setup({ hostId: 'me' });
    expect(host.call.isHost).toBe(true);
    host.socket.answer('end-meeting', () => ({ ok: true }));
    await enter(host.socket, host.call);
    await host.call.endForEveryone();
    expect(host.call.state.get().phase).toBe('ended');

    const guest = await setup();
    guest.socket.answer('end-meeting', () => ({ ok: false, error: { code: 'not_host' } }));
    await enter(guest.socket, guest.call);
    await expect(guest.call.endForEveryone()).rejects.toMatchObject({ code: 'not_host' });
    expect(guest.call.state.get().phase).toBe('in-room');

    const cut = await setup({ hostId: 'me' });
    cut.socket.answer('end-meeting', () => 'timeout');
    api.routes.set('POST /api/meetings/m1/end', () => [200, { meeting: meeting('m1') }]);
    await enter(cut.socket, cut.call);
    await cut.call.endForEveryone();
    expect(api.seen.some((r) => r.method === 'POST' && r.url === '/api/meetings/m1/end')).toBe(
      true,
    );
    expect(cut.call.state.get().phase).toBe('ended');
  });

  it('leaves with a leave event, and is released without one when the page goes away', async () => {
    const leaving = await setup();
    leaving.socket.answer('leave', () => ({ ok: true }));
    await enter(leaving.socket, leaving.call);
    await leaving.call.leave();
    expect(leaving.socket.sentOf('leave')).toHaveLength(1);
    expect(leaving.call.state.get().phase).toBe('left');

    const closing = await setup();
    await enter(closing.socket, closing.call);
    window.dispatchEvent(new Event('pagehide'));
    expect(closing.call.state.get().phase).toBe('left');
    expect(closing.socket.sentOf('leave')).toHaveLength(0);
    expect(closing.socket.disconnectCalls).toBe(1);
  });
});
