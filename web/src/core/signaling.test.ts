// SignalingClient through its SocketLike seam: the test plays the server on a FakeSocket.

import { describe, expect, it } from 'vitest';
import { FakeSocket } from '../test/fake_socket';
import { ParleyError } from './errors';
import { SignalingClient, type ServerEvents } from './signaling';

function setup() {
  const socket = new FakeSocket();
  const client = new SignalingClient('tok', { socket: socket.asSocket });
  return { socket, client };
}

const ALL_SERVER_EVENTS: Array<keyof ServerEvents> = [
  'existing-participants',
  'user-joined',
  'user-left',
  'offer',
  'answer',
  'ice-candidate',
  'chat-message',
  'media-state',
  'raise-hand',
  'meeting-ended',
];

describe('signaling client', () => {
  it('connects at once and reports the connection with the socket id', () => {
    const { socket, client } = setup();
    expect(socket.connectCalls).toBe(1);
    expect(client.status.get()).toBe('connecting');
    const ids: string[] = [];
    client.lifecycle.on('connected', (id) => ids.push(id));
    socket.accept('sock-1');
    expect(ids).toEqual(['sock-1']);
    expect(client.status.get()).toBe('connected');
    expect(client.id).toBe('sock-1');
  });

  it('forwards every server event with its payload', () => {
    const { socket, client } = setup();
    const got: Array<[string, unknown]> = [];
    for (const name of ALL_SERVER_EVENTS) client.events.on(name, (p) => got.push([name, p]));
    ALL_SERVER_EVENTS.forEach((name, i) => socket.push(name, { n: i }));
    expect(got).toEqual(ALL_SERVER_EVENTS.map((name, i) => [name, { n: i }]));
    socket.push('not-an-event', {});
    expect(got).toHaveLength(ALL_SERVER_EVENTS.length);
  });

  it('sends relay events as the wire names them', () => {
    const { socket, client } = setup();
    client.sendOffer('s2', { type: 'offer', sdp: 'o' });
    client.sendAnswer('s2', { type: 'answer', sdp: 'a' });
    client.sendCandidate('s2', null);
    client.sendMediaState({ audio: false, video: true, screen: false });
    client.raiseHand(true);
    expect(socket.sent).toEqual([
      {
        event: 'offer',
        payload: { offer: { type: 'offer', sdp: 'o' }, targetSocket: 's2' },
        acked: false,
      },
      {
        event: 'answer',
        payload: { answer: { type: 'answer', sdp: 'a' }, targetSocket: 's2' },
        acked: false,
      },
      { event: 'ice-candidate', payload: { candidate: null, targetSocket: 's2' }, acked: false },
      { event: 'media-state', payload: { audio: false, video: true, screen: false }, acked: false },
      { event: 'raise-hand', payload: { raised: true }, acked: false },
    ]);
  });

  it('resolves an ok ack with the reply and sends no payload for leave', async () => {
    const { socket, client } = setup();
    const reply = { ok: true, meeting: { meetingId: 'm1' }, participants: [] };
    socket.answer('join', () => reply);
    socket.answer('leave', () => ({ ok: true }));
    await expect(client.join({ room: 'm1', audio: true })).resolves.toEqual(reply);
    expect(socket.sentOf('join')[0]).toEqual({
      event: 'join',
      payload: { room: 'm1', audio: true },
      acked: true,
    });
    await expect(client.leave()).resolves.toBeUndefined();
    expect(socket.sentOf('leave')[0]?.payload).toBeUndefined();
  });

  it('rejects an error ack with a ParleyError carrying the code; unknown codes become unknown', async () => {
    const { socket, client } = setup();
    socket.answer('end-meeting', () => ({
      ok: false,
      error: { code: 'not_host', message: 'Only the host.' },
    }));
    socket.answer('chat-message', () => ({ ok: false, error: { code: 'brand_new_code' } }));
    const ended = await client.endMeeting().catch((e: unknown) => e);
    expect(ended).toBeInstanceOf(ParleyError);
    expect(ended).toMatchObject({ code: 'not_host', message: 'Only the host.' });
    // A client-only code from the wire is not trusted either.
    await expect(client.sendChat('hi')).rejects.toMatchObject({
      code: 'unknown',
      message: 'chat-message',
    });
    socket.answer('chat-message', () => ({ ok: false, error: { code: 'timeout' } }));
    await expect(client.sendChat('hi')).rejects.toMatchObject({ code: 'unknown' });
  });

  it('turns an ack timeout into a timeout error', async () => {
    const { socket, client } = setup();
    socket.answer('join', () => 'timeout');
    await expect(client.join({ room: 'm1' })).rejects.toMatchObject({ code: 'timeout' });
  });

  it('reconnects by itself after the server dropped it, and reports reconnecting', () => {
    const { socket, client } = setup();
    socket.accept('sock-1');
    const drops: Array<{ reason: string; willReconnect: boolean }> = [];
    client.lifecycle.on('disconnected', (d) => drops.push(d));
    socket.drop('transport close');
    expect(socket.connectCalls).toBe(1); // socket.io retries a transport loss by itself
    socket.drop('io server disconnect');
    expect(socket.connectCalls).toBe(2); // ...but not a server's disconnect
    expect(drops).toEqual([
      { reason: 'transport close', willReconnect: true },
      { reason: 'io server disconnect', willReconnect: true },
    ]);
    expect(client.status.get()).toBe('reconnecting');
    socket.refuse('xhr poll error');
    expect(client.status.get()).toBe('reconnecting');
    socket.accept('sock-2');
    expect(client.status.get()).toBe('connected');
    expect(client.id).toBe('sock-2');
  });

  it('stops for good when the token is refused', () => {
    const { socket, client } = setup();
    let refused = 0;
    client.lifecycle.on('unauthorized', () => refused++);
    socket.refuse('unauthorized');
    expect(refused).toBe(1);
    expect(client.status.get()).toBe('closed');
    expect(socket.disconnectCalls).toBe(1);
    expect(socket.listenerCount).toBe(0);
  });

  it('a failed first connection stays "connecting"; close detaches everything', () => {
    const { socket, client } = setup();
    socket.refuse('websocket error');
    expect(client.status.get()).toBe('connecting');
    let events = 0;
    client.events.on('user-joined', () => events++);
    client.close();
    client.close(); // idempotent
    expect(socket.disconnectCalls).toBe(1);
    expect(socket.listenerCount).toBe(0);
    expect(client.events.size + client.lifecycle.size).toBe(0);
    expect(client.status.get()).toBe('closed');
    socket.push('user-joined', {});
    expect(events).toBe(0);
  });
});
