// A typed event emitter: `on` returns its own unsubscribe function.
//
// `Events` is an interface mapping each event name to its payload type (`undefined` for none),
// with no index signature (`[key: string]: unknown`): only the listed names compile, so a
// misspelled event is a type error (see event_types.test.ts).

export class Emitter<Events extends object> {
  private readonly handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    set.add(handler as (payload: never) => void);
    return () => {
      set.delete(handler as (payload: never) => void);
    };
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.handlers.get(event);
    if (!set) return;
    for (const handler of [...set]) (handler as (p: Events[K]) => void)(payload);
  }

  /** Total handlers attached, for leak checks. */
  get size(): number {
    let total = 0;
    for (const set of this.handlers.values()) total += set.size;
    return total;
  }

  clear(): void {
    this.handlers.clear();
  }
}
