// The make-before-break switch between the mesh and the SFU (docs/web.md "The SFU"), per
// remote participant: which path their <video> shows, and when it moves to the target path.
// Pure: the caller says what each path carries and what time it is.

import type { Topology } from './sfu_events';

/** How long a switch waits for the new path before moving anyway. */
export const SWITCH_FALLBACK_MS = 5000;

export interface SwitchStep {
  /** Participants whose <video> now shows the target path: close their old path. */
  moved: string[];
  /** Every participant shows the target path. */
  done: boolean;
}

export class PathSwitch {
  private targetPath: Topology;
  private startedAt = 0;
  private readonly shownPath = new Map<string, Topology>();

  constructor(
    initial: Topology,
    private readonly fallbackMs = SWITCH_FALLBACK_MS,
  ) {
    this.targetPath = initial;
  }

  get target(): Topology {
    return this.targetPath;
  }

  /** The path `socketId`'s video shows; a participant seen for the first time gets the target. */
  shown(socketId: string): Topology {
    let path = this.shownPath.get(socketId);
    if (!path) {
      path = this.targetPath;
      this.shownPath.set(socketId, path);
    }
    return path;
  }

  /** Starts a switch to `target` at time `now` (nothing moves yet). */
  begin(target: Topology, now: number): void {
    if (target === this.targetPath) return;
    this.targetPath = target;
    this.startedAt = now;
  }

  /**
   * Moves each of `present` whose target path `carries` media (decoded frames), or every one
   * once the fallback time has passed; forgets participants no longer present.
   */
  step(present: Iterable<string>, carries: (socketId: string) => boolean, now: number): SwitchStep {
    const here = new Set(present);
    for (const id of [...this.shownPath.keys()]) if (!here.has(id)) this.shownPath.delete(id);
    const late = now - this.startedAt >= this.fallbackMs;
    const moved: string[] = [];
    for (const id of here) {
      if (this.shown(id) === this.targetPath) continue;
      if (late || carries(id)) {
        this.shownPath.set(id, this.targetPath);
        moved.push(id);
      }
    }
    const done = [...here].every((id) => this.shownPath.get(id) === this.targetPath);
    return { moved, done };
  }

  /** Participants still shown on the path the switch leaves. */
  pending(): string[] {
    return [...this.shownPath].filter(([, p]) => p !== this.targetPath).map(([id]) => id);
  }
}
