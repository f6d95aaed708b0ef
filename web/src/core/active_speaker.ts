// Active-speaker detection (docs/web.md, Room features): the remote participant heard loudest
// in the last stats round, if anyone is above the speaking floor.

import { Store, type Readable } from './observable';

/** Remote audio level (0..1, as getStats reports it) above which someone is speaking. */
export const SPEAKING_LEVEL = 0.02;

/** The loudest entry above SPEAKING_LEVEL; on a tie the first one listed. */
export function loudestSpeaker(levels: ReadonlyMap<string, { audioLevel: number }>): string | null {
  let loudest: { id: string; level: number } | null = null;
  for (const [id, { audioLevel }] of levels) {
    if (audioLevel > SPEAKING_LEVEL && (!loudest || audioLevel > loudest.level))
      loudest = { id, level: audioLevel };
  }
  return loudest?.id ?? null;
}

/** Follows a stream of audio-level rounds; its value is the current speaker's socket id. */
export class ActiveSpeaker implements Readable<string | null> {
  private readonly store = new Store<string | null>(null);
  private readonly detach: () => void;

  constructor(rounds: Readable<ReadonlyMap<string, { audioLevel: number }>>) {
    this.detach = rounds.subscribe(() => this.store.set(loudestSpeaker(rounds.get())));
  }

  get = (): string | null => this.store.get();
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  close(): void {
    this.detach();
  }
}
