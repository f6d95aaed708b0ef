import { describe, expect, it } from 'vitest';
import { ActiveSpeaker, loudestSpeaker, SPEAKING_LEVEL } from './active_speaker';
import { Store } from './observable';

const levels = (entries: Array<[string, number]>) =>
  new Map(entries.map(([id, audioLevel]) => [id, { audioLevel }]));

describe('active speaker', () => {
  it('is the loudest above the speaking floor; the first listed on a tie', () => {
    expect(loudestSpeaker(levels([]))).toBeNull();
    expect(loudestSpeaker(levels([['a', SPEAKING_LEVEL]]))).toBeNull(); // at the floor: quiet
    expect(
      loudestSpeaker(
        levels([
          ['a', 0.1],
          ['b', 0.3],
          ['c', 0.2],
        ]),
      ),
    ).toBe('b');
    expect(
      loudestSpeaker(
        levels([
          ['a', 0.3],
          ['b', 0.3],
        ]),
      ),
    ).toBe('a');
  });

  it('follows each round and stops following when closed', () => {
    const rounds = new Store(levels([]));
    const speaker = new ActiveSpeaker(rounds);
    let changes = 0;
    speaker.subscribe(() => changes++);
    rounds.set(levels([['a', 0.5]]));
    expect(speaker.get()).toBe('a');
    rounds.set(levels([['a', 0.6]])); // same speaker: no change to report
    expect(changes).toBe(1);
    rounds.set(levels([['a', 0.01]]));
    expect(speaker.get()).toBeNull();
    speaker.close();
    expect(rounds.listenerCount).toBe(0);
  });
});
