// Promise wrappers around the real socket.io-client for the node suites (docs/testing.md,
// "Launcher" and "Waiting"): connect, emit with ack, the next event, recording, and waiting
// for a condition (never a sleep).
import { io } from 'socket.io-client';
import { sleep } from './process.mjs';

const urlOf = (target) => (typeof target === 'string' ? target : target.url);

/**
 * Connects a real socket.io-client to `target` (a server or a URL) with `auth: {token}`.
 * Resolves the connected socket; rejects with the CONNECT_ERROR. WebSocket only by default
 * (fast); pass `{transports: undefined}` for the client's polling-then-upgrade.
 */
export function connect(target, token, opts = {}) {
  const socket = io(urlOf(target), {
    auth: token === undefined ? undefined : { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 5000,
    ...opts,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits with an ack and resolves the reply (rejects after `ms` without one). */
export function emitAck(socket, event, payload, ms = 5000) {
  const t = socket.timeout(ms);
  return payload === undefined ? t.emitWithAck(event) : t.emitWithAck(event, payload);
}

/**
 * Resolves the arguments (an array) of the next `event` on `emitter` (a socket, an
 * engine.io-client, a ws) whose first argument passes `filter`; rejects after `timeout` ms.
 */
export function once(emitter, event, { timeout = 5000, filter = () => true } = {}) {
  return new Promise((resolve, reject) => {
    const onEvent = (...args) => {
      if (!filter(args[0])) return;
      clearTimeout(timer);
      emitter.off(event, onEvent);
      resolve(args);
    };
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`timed out waiting for '${event}' on ${emitter.id ?? 'emitter'}`));
    }, timeout);
    emitter.on(event, onEvent);
  });
}

/** Resolves the payload of the next `event` on `socket` that passes `filter` (see once()). */
export const nextEvent = async (socket, event, options) => (await once(socket, event, options))[0];

/** The next `event` on `emitter` within `timeout` ms: its one argument, or all as an array. */
export async function waitFor(emitter, event, timeout = 5000) {
  const args = await once(emitter, event, { timeout });
  return args.length <= 1 ? args[0] : args;
}

/** Records every `event` payload on `socket` into the returned array, from now on. */
export function record(socket, event) {
  const seen = [];
  socket.on(event, (payload) => seen.push(payload));
  return seen;
}

/** Resolves when the socket disconnects; the value is the reason. */
export function disconnected(socket, timeout = 5000) {
  return new Promise((resolve, reject) => {
    if (!socket.connected) return resolve('already');
    const timer = setTimeout(() => reject(new Error(`${socket.id} still connected`)), timeout);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Closes every socket given and waits for each to report the disconnect. */
export async function closeAll(sockets) {
  await Promise.all(
    sockets
      .filter((s) => s?.connected)
      .map((s) => {
        const d = new Promise((r) => s.once('disconnect', r));
        s.disconnect();
        return d;
      }),
  );
}

/**
 * Waits until `predicate()` is true, polling every 20 ms; on timeout the error names `what` (a
 * function is called then, to describe the state that did not come).
 */
export async function until(predicate, { timeout = 5000, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await predicate()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
}
