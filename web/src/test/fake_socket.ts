// A socket.io client socket for unit tests, behind SignalingClient's SocketLike seam. The test
// plays the server: it accepts or refuses the connection, pushes server events, drops the
// connection and answers acked requests; everything the client emitted is recorded.

import type { SocketLike } from '../core/signaling';

type Handler = (...args: unknown[]) => void;
type Ack = (error: Error | null, reply?: unknown) => void;
/** An ack body (`{ok: true, ...}` or `{ok: false, error}`), or 'no-answer' to let it time out. */
export type Answer = unknown;

export interface Sent {
  event: string;
  payload: unknown;
  acked: boolean;
}

export class FakeSocket {
  id: string | undefined = undefined;
  connected = false;
  connectCalls = 0;
  disconnectCalls = 0;
  readonly sent: Sent[] = [];
  readonly io = { on: () => this.io, off: () => this.io };
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly answers = new Map<string, (payload: unknown) => Answer>();

  /** This fake as the seam's type. */
  get asSocket(): SocketLike {
    return this as unknown as SocketLike;
  }

  // --- the client side (what SignalingClient calls) ---

  on(event: string, handler: Handler): this {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return this;
  }

  off(event: string, handler: Handler): this {
    this.handlers.get(event)?.delete(handler);
    return this;
  }

  emit(event: string, payload?: unknown): this {
    this.sent.push({ event, payload, acked: false });
    return this;
  }

  connect(): this {
    this.connectCalls++;
    return this;
  }

  disconnect(): this {
    this.disconnectCalls++;
    if (this.connected) this.drop('io client disconnect');
    return this;
  }

  timeout(_ms: number): { emit: (event: string, ...args: unknown[]) => void } {
    return {
      emit: (event, ...args) => {
        const ack = args.pop() as Ack;
        const payload = args[0];
        this.sent.push({ event, payload, acked: true });
        const answer = this.answers.get(event)?.(payload) ?? 'no-answer';
        if (answer === 'timeout') queueMicrotask(() => ack(new Error('operation has timed out')));
        else if (answer !== 'no-answer') queueMicrotask(() => ack(null, answer));
      },
    };
  }

  // --- the server side (what the test calls) ---

  /** Answers every later `event` request with `answer(payload)` ('timeout': the ack times out). */
  answer(event: string, answer: (payload: unknown) => Answer): void {
    this.answers.set(event, answer);
  }

  accept(id: string): void {
    this.id = id;
    this.connected = true;
    this.fire('connect');
  }

  drop(reason = 'transport close'): void {
    this.connected = false;
    this.id = undefined;
    this.fire('disconnect', reason);
  }

  refuse(message: string): void {
    this.fire('connect_error', new Error(message));
  }

  /** Delivers a server event. */
  push(event: string, payload: unknown): void {
    this.fire(event, payload);
  }

  /** Emitted events named `event`, oldest first. */
  sentOf(event: string): Sent[] {
    return this.sent.filter((s) => s.event === event);
  }

  get listenerCount(): number {
    let total = 0;
    for (const set of this.handlers.values()) total += set.size;
    return total;
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...args);
  }
}
