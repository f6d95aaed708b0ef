// The signaling suite's helpers: the shared launcher, REST and socket.io-client wrappers of
// tests/lib (re-exported, so a test imports from one place) and what only signaling needs.
// Not a test file itself (no `.test.` in the name).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { closeAll, connect, emitAck, nextEvent } from '../lib/sio.mjs';
import { serverSkip, useServer as useBareServer } from '../lib/servers.mjs';

export { orAfter, sleep } from '../lib/process.mjs';
export { meetingLogName, sanitized } from '../lib/servers.mjs';
export * from '../lib/rest.mjs';
export * from '../lib/sio.mjs';

/** Pass as `{ skip }` to describe(): the suite needs a built server. */
export const skip = serverSkip;

/** Asserts that `ack` is the error ack `{error: {code, message}}` with this code. */
export function assertError(ack, code) {
  assert.equal(ack.ok, undefined, `expected error ${code}, got ${JSON.stringify(ack)}`);
  assert.equal(ack.error?.code, code, `expected ${code}, got ${JSON.stringify(ack)}`);
  assert.equal(typeof ack.error.message, 'string');
  assert.ok(ack.error.message.length > 0);
}

/**
 * The describe()'s server (useServer() of tests/lib) plus `open(token, opts)`: a connected
 * socket.io-client, closed before the server stops.
 */
export function useServer(options) {
  const server = useBareServer(options);
  const sockets = [];
  server.onStop(() => closeAll(sockets));
  server.open = async (token, opts) => {
    const s = await connect(server, token, opts);
    sockets.push(s);
    return s;
  };
  return server;
}

/**
 * Joins `room` and resolves `{ack, existing}`: the ack and the `existing-participants` list
 * (which the server sends before the ack). Rejects if the ack is an error.
 */
export async function join(socket, room, extra = {}) {
  const existingP = nextEvent(socket, 'existing-participants');
  const ack = await emitAck(socket, 'join', { room, ...extra });
  if (!ack.ok) {
    existingP.catch(() => {});
    throw new Error(`join refused: ${JSON.stringify(ack)}`);
  }
  return { ack, existing: await existingP };
}

/**
 * The positive marker for "nothing (more) arrived" in a room (docs/testing.md): `from`, a
 * member, lowers its hand; raise-hand goes to everyone in the room, sender included, so once
 * each of `members` heard it, whatever the server sent them before has arrived too.
 */
export async function roomMarker(from, members = [from]) {
  const heard = members.map((s) =>
    nextEvent(s, 'raise-hand', { filter: (p) => p.socketId === from.id }),
  );
  const ack = await emitAck(from, 'raise-hand', { raised: false });
  if (!ack.ok) throw new Error(`marker refused: ${JSON.stringify(ack)}`);
  await Promise.all(heard);
}

/** The server process's resident set size in KiB, from /proc. */
export function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]);
}

/** A fake but well-formed SDP blob of roughly `bytes` bytes. */
export function fakeSdp(type, bytes = 3000) {
  let sdp = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
  while (sdp.length < bytes) sdp += 'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n';
  return { type, sdp };
}

export function fakeCandidate(n = 1) {
  return {
    candidate: `candidate:${n} 1 udp 2122260223 127.0.0.1 ${50000 + n} typ host`,
    sdpMid: '0',
    sdpMLineIndex: 0,
  };
}
