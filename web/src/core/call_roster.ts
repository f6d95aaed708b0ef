// The roster of one call: the participants reducer fed by signaling, our own entry kept in
// step with local toggles, and `user-left` confirmed before it is believed.

import { Store, type Readable } from './observable';
import { reduceRoster, type Roster, type RosterEvent } from './participants';
import type { MediaState, Participant } from './types';

/** How long a `user-left` waits for our own socket to stay up before it is believed. */
export const LEAVE_CONFIRM_MS = 1000;

export type SelfChange = Partial<MediaState & { raised: boolean }>;

export class CallRoster implements Readable<Roster> {
  private readonly store = new Store<Roster>([]);
  private readonly pendingLeaves = new Map<string, ReturnType<typeof setTimeout>>();

  /**
   * `selfId` is our current socket id (null before joining); `onConfirmedLeave` runs once a
   * `user-left` has been confirmed (see `scheduleLeave`).
   */
  constructor(
    private readonly selfId: () => string | null,
    private readonly onConfirmedLeave: (socketId: string) => void,
  ) {}

  get = (): Roster => this.store.get();
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  dispatch(event: RosterEvent): void {
    this.store.update((roster) => reduceRoster(roster, event));
  }

  /**
   * After a (re)join: the server's list, plus people from before (other than our old self)
   * whose media may still flow, until they reappear under their new socket id.
   */
  rejoined(previousSelf: string | null, participants: Participant[]): void {
    const returning = new Set(participants.map((p) => p.userId));
    const waiting = this.store
      .get()
      .filter((p) => p.socketId !== previousSelf && !returning.has(p.userId));
    this.dispatch({ type: 'reset', participants: [...participants, ...waiting] });
  }

  /** Applies a local toggle to our own entry (the server does not echo it back to us). */
  updateSelf(change: SelfChange): void {
    const selfId = this.selfId();
    const current = selfId ? this.store.get().find((p) => p.socketId === selfId) : undefined;
    if (!selfId || !current) return;
    if (change.audio !== undefined || change.video !== undefined || change.screen !== undefined) {
      const state = {
        audio: change.audio ?? current.audio,
        video: change.video ?? current.video,
        screen: change.screen ?? current.screen,
      };
      this.dispatch({ type: 'media', socketId: selfId, state });
    }
    if (change.raised !== undefined)
      this.dispatch({ type: 'hand', socketId: selfId, raised: change.raised });
  }

  /**
   * A server going down disconnects everyone one by one, so `user-left` may arrive just
   * before our own socket drops although nobody left. Removal waits LEAVE_CONFIRM_MS; if our
   * socket drops meanwhile (`cancelPendingLeaves`), the entry is kept and re-matched after
   * rejoining.
   */
  scheduleLeave(socketId: string): void {
    if (this.pendingLeaves.has(socketId)) return;
    const timer = setTimeout(() => {
      this.pendingLeaves.delete(socketId);
      this.dispatch({ type: 'left', socketId });
      this.onConfirmedLeave(socketId);
    }, LEAVE_CONFIRM_MS);
    this.pendingLeaves.set(socketId, timer);
  }

  cancelPendingLeaves(): void {
    for (const timer of this.pendingLeaves.values()) clearTimeout(timer);
    this.pendingLeaves.clear();
  }
}
