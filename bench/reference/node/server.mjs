// Reference signaling server on Node socket.io 4.8: the events of docs/signaling.md that
// the bench drives (join, offer/answer/ice-candidate, leave), rooms held in memory, auth tokens
// accepted but not checked. Usage: node server.mjs --port N [--host 127.0.0.1]
// [--tls-cert FILE --tls-key FILE] (HTTPS/WSS, as the bench's TLS scenarios run it)
// [--redis redis://HOST:PORT] (one of several processes sharing rooms through
// @socket.io/redis-adapter, as the bench's cluster scenario runs it: docs/benchmarks.md).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { Server } from 'socket.io';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const port = Number(arg('port', '8090'));
const host = arg('host', '127.0.0.1');

const tlsCert = arg('tls-cert');
const httpServer = tlsCert
  ? createTlsServer({
      cert: readFileSync(tlsCert),
      key: readFileSync(arg('tls-key')),
      ALPNProtocols: ['http/1.1'],
    })
  : createServer();
const io = new Server(httpServer, { serveClient: false });
const redisUrl = arg('redis');
if (redisUrl) {
  const { createClient } = await import('redis');
  const { createAdapter } = await import('@socket.io/redis-adapter');
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

// socketId -> room it joined; a socket is in at most one room.
const roomOf = new Map();

const participant = (socket) => ({
  socketId: socket.id,
  userId: socket.data.userId,
  username: 'bench',
  audio: true,
  video: true,
  screen: false,
  raised: false,
});

const reply = (ack, body) => {
  if (typeof ack === 'function') ack(body);
};
const refuse = (ack, code) => reply(ack, { error: { code, message: code } });

function leaveRoom(socket) {
  const room = roomOf.get(socket.id);
  if (room === undefined) return false;
  roomOf.delete(socket.id);
  socket.leave(room);
  socket.to(room).emit('user-left', { userId: socket.data.userId, socketId: socket.id });
  return true;
}

function relay(socket, event, field) {
  socket.on(event, (data, ack) => {
    const room = roomOf.get(socket.id);
    const target = data?.targetSocket;
    if (room === undefined || typeof target !== 'string') return refuse(ack, 'not_in_room');
    if (target === socket.id) return refuse(ack, 'invalid_target');
    const local = io.sockets.sockets.has(target);
    if ((local || !redisUrl) && roomOf.get(target) !== room) return refuse(ack, 'not_in_room');
    io.to(target).emit(event, {
      [field]: data[field],
      fromSocket: socket.id,
      fromUserId: socket.data.userId,
    });
    reply(ack, { ok: true });
  });
}

io.on('connection', (socket) => {
  socket.data.userId = `u-${socket.id}`;

  socket.on('join', async (data, ack) => {
    const room = data?.room;
    if (typeof room !== 'string') return refuse(ack, 'invalid_payload');
    if (roomOf.has(socket.id)) return refuse(ack, 'already_in_room');
    const others = [];
    if (redisUrl) {
      // Every process's members of the room: the adapter asks the others over Redis. In the
      // room first, so that two joins racing each other each see the other one way or another.
      roomOf.set(socket.id, room);
      socket.join(room);
      for (const peer of await io.in(room).fetchSockets())
        if (peer.id !== socket.id) others.push(participant(peer));
    } else {
      for (const id of io.sockets.adapter.rooms.get(room) ?? []) {
        const peer = io.sockets.sockets.get(id);
        if (peer) others.push(participant(peer));
      }
    }
    roomOf.set(socket.id, room);
    socket.join(room);
    const me = participant(socket);
    socket.emit('existing-participants', others);
    socket.to(room).emit('user-joined', me);
    reply(ack, { ok: true, meeting: { meetingId: room }, participants: [...others, me] });
  });

  relay(socket, 'offer', 'offer');
  relay(socket, 'answer', 'answer');
  relay(socket, 'ice-candidate', 'candidate');

  socket.on('leave', (first, second) => {
    const ack = typeof first === 'function' ? first : second; // `leave` carries no payload
    if (!leaveRoom(socket)) return refuse(ack, 'not_in_room');
    reply(ack, { ok: true });
  });
  socket.on('disconnect', () => leaveRoom(socket));
});

httpServer.listen({ port, host, backlog: 4096 }, () => {
  console.error(JSON.stringify({ msg: 'listening', port, host }));
});
process.on('SIGTERM', () => process.exit(0));
