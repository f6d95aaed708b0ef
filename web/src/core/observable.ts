// The one subscription shape the React layer consumes (useSyncExternalStore-compatible).

export type Listener = () => void;

export interface Readable<T> {
  /** Current value; the same object until it changes. */
  get(): T;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
}

/** A value cell that notifies subscribers when replaced. */
export class Store<T> implements Readable<T> {
  private value: T;
  private readonly listeners = new Set<Listener>();

  constructor(initial: T) {
    this.value = initial;
  }

  get = (): T => this.value;

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const listener of [...this.listeners]) listener();
  }

  update(change: (current: T) => T): void {
    this.set(change(this.value));
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** How many subscribers are attached (used to check that teardown removed them). */
  get listenerCount(): number {
    return this.listeners.size;
  }
}
