// A raw Engine.IO-over-WebSocket client for wire-level checks (what the official
// socket.io-protocol suite does): every frame is visible, nothing is added.
import WebSocket from 'ws';

export class RawSocket {
  /** Opens ws://.../<path>?EIO=4&transport=websocket; `autoPong` answers pings ("2" -> "3"). */
  static async open(baseUrl, { path = '/socket.io/', autoPong = false } = {}) {
    const raw = new RawSocket(
      baseUrl.replace(/^http/, 'ws') + `${path}?EIO=4&transport=websocket`,
      autoPong,
    );
    await new Promise((resolve, reject) => {
      raw.ws.once('open', resolve);
      raw.ws.once('error', reject);
    });
    return raw;
  }

  constructor(url, autoPong) {
    this.ws = new WebSocket(url);
    this.ws.binaryType = 'nodebuffer';
    this.queue = [];
    this.waiters = [];
    this.closed = new Promise((resolve) => this.ws.once('close', () => resolve(Date.now())));
    this.ws.on('error', () => {});
    this.ws.on('message', (data, isBinary) => {
      const frame = isBinary ? Buffer.from(data) : data.toString();
      if (frame === '2') {
        // Engine.IO ping: never queued
        if (autoPong) this.ws.send('3');
        return;
      }
      const waiter = this.waiters.shift();
      if (waiter) waiter(frame);
      else this.queue.push(frame);
    });
  }

  send(frame) {
    this.ws.send(frame);
  }

  /** The next non-ping frame (string for text, Buffer for binary). */
  next(ms = 3000) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame within ' + ms + ' ms')), ms);
      this.waiters.push((frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
    });
  }

  /** Resolves with the close time, or rejects if the socket is still open after `ms`. */
  async closedWithin(ms) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close() {
    this.ws.terminate();
  }
}

/** Opens a session and connects to "/" (skipping the handshake frames and the "auth" event). */
export async function connectedSocket(baseUrl) {
  const s = await RawSocket.open(baseUrl, { autoPong: true });
  await s.next(); // Engine.IO open
  s.send('40');
  await s.next(); // CONNECT reply
  await s.next(); // 42["auth",{}]
  return s;
}
