// A MeetingCall for hook tests: real SignalingClient over a FakeSocket, real LocalMedia over
// fake devices, real mesh over fake peer connections; REST answers come from `fetch` below
// (the loopback-server version of these paths is in core/call.test.ts). `wrapper` provides it
// to hooks as the room does.

import type { ReactNode } from 'react';
import { ApiClient } from '../core/api_client';
import { MeetingCall } from '../core/call';
import { LocalMedia } from '../core/local_media';
import { SignalingClient } from '../core/signaling';
import type { Participant } from '../core/types';
import { CallContext } from '../hooks/call_context';
import { meeting, user } from './fake_api';
import { FakeMediaDevices } from './fake_devices';
import { FakeSocket } from './fake_socket';
import { installFakeMediaGlobals } from './fake_webrtc';

const REST: Record<string, unknown> = {
  '/api/ice-servers': { iceServers: [] },
  '/api/meetings/m1/messages': { messages: [] },
};

export function person(socketId: string, userId: string, extra: Partial<Participant> = {}) {
  const base = { username: userId, audio: true, video: true, screen: false, raised: false };
  return { socketId, userId, ...base, ...extra } satisfies Participant;
}

/** A call whose join, once the socket is accepted, lists us and `others`. */
export async function callFixture(others: Participant[] = []) {
  installFakeMediaGlobals();
  const socket = new FakeSocket();
  const devices = new FakeMediaDevices();
  const media = new LocalMedia(devices.asMediaDevices);
  await media.start();
  const fetch = async (url: RequestInfo | URL) =>
    new Response(JSON.stringify(REST[String(url)] ?? {}), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  const call = new MeetingCall({
    api: new ApiClient({ token: () => 'tok', fetch }),
    token: 'tok',
    user: user('me'),
    meeting: meeting('m1'),
    media,
    createSignaling: (token) => new SignalingClient(token, { socket: socket.asSocket }),
  });
  socket.answer('join', () => ({
    ok: true,
    meeting: meeting('m1'),
    participants: [person(socket.id!, 'me'), ...others],
  }));
  const wrapper = ({ children }: { children: ReactNode }) => (
    <CallContext.Provider value={call}>{children}</CallContext.Provider>
  );
  return { call, socket, devices, media, wrapper };
}
