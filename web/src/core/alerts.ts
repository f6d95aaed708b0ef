// Join/leave sounds, a browser notification for chat while the tab is hidden, and the text
// screen readers announce (aria-live) for joins, leaves and chat (docs/web.md "Alerts").
// Both sounds and notifications can be turned off; the choice is kept in localStorage.

import type { ChatMessage, Participant } from './types';
import { Store, type Readable } from './observable';

export interface AlertPrefs {
  sounds: boolean;
  notifications: boolean;
}

const PREFS_KEY = 'parley.alerts';

export function loadAlertPrefs(storage: Storage | undefined = globalThis.localStorage): AlertPrefs {
  try {
    const raw = JSON.parse(storage?.getItem(PREFS_KEY) ?? '{}') as Partial<AlertPrefs>;
    return { sounds: raw.sounds !== false, notifications: raw.notifications !== false };
  } catch {
    return { sounds: true, notifications: true };
  }
}

export type Announcement =
  { kind: 'joined' | 'left'; name: string } | { kind: 'chat'; name: string; text: string };

/** What changed between two rosters, as announcements (self excluded; by socket id). */
export function rosterAnnouncements(
  before: ReadonlyArray<Participant>,
  after: ReadonlyArray<Participant>,
  selfSocketId: string | null,
): Announcement[] {
  const was = new Set(before.map((p) => p.socketId));
  const is = new Set(after.map((p) => p.socketId));
  const out: Announcement[] = [];
  for (const p of after)
    if (!was.has(p.socketId) && p.socketId !== selfSocketId)
      out.push({ kind: 'joined', name: p.username });
  for (const p of before)
    if (!is.has(p.socketId) && p.socketId !== selfSocketId)
      out.push({ kind: 'left', name: p.username });
  return out;
}

/** Chat messages in `after` not in `before`, from someone else. */
export function chatAnnouncements(
  before: ReadonlyArray<ChatMessage>,
  after: ReadonlyArray<ChatMessage>,
  selfUserId: string,
): Announcement[] {
  const known = new Set(before.map((m) => m.id));
  return after
    .filter((m) => !known.has(m.id) && m.userId !== selfUserId)
    .map((m) => ({ kind: 'chat', name: m.username, text: m.text }));
}

export function describe(a: Announcement): string {
  if (a.kind === 'chat') return `${a.name} says: ${a.text}`;
  return `${a.name} ${a.kind === 'joined' ? 'joined' : 'left'}`;
}

/** The live text for screen readers, the prefs, and the side effects (tones, notifications). */
export class Alerts {
  private readonly prefsStore: Store<AlertPrefs>;
  private readonly liveStore = new Store<string>('');
  private audio: AudioContext | null = null;

  constructor(private readonly storage: Storage | undefined = globalThis.localStorage) {
    this.prefsStore = new Store(loadAlertPrefs(storage));
  }

  get prefs(): Readable<AlertPrefs> {
    return this.prefsStore;
  }

  /** The latest announcement's text (rendered into an aria-live region). */
  get live(): Readable<string> {
    return this.liveStore;
  }

  setPrefs(change: Partial<AlertPrefs>): void {
    const next = { ...this.prefsStore.get(), ...change };
    this.prefsStore.set(next);
    try {
      this.storage?.setItem(PREFS_KEY, JSON.stringify(next));
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    if (change.notifications && globalThis.Notification?.permission === 'default')
      void Notification.requestPermission().catch(() => undefined);
  }

  announce(list: ReadonlyArray<Announcement>, hidden: boolean): void {
    if (list.length === 0) return;
    this.liveStore.set(list.map(describe).join('. '));
    const prefs = this.prefsStore.get();
    for (const a of list) {
      if (a.kind === 'chat') {
        if (hidden && prefs.notifications) this.notify(a);
      } else if (prefs.sounds) {
        this.tone(a.kind === 'joined' ? 660 : 440);
      }
    }
  }

  dispose(): void {
    void this.audio?.close().catch(() => undefined);
    this.audio = null;
  }

  private notify(a: Announcement): void {
    if (globalThis.Notification?.permission !== 'granted') return;
    try {
      new Notification(a.name, { body: a.kind === 'chat' ? a.text : describe(a), tag: 'parley' });
    } catch {
      // Some browsers only allow notifications from a service worker.
    }
  }

  private tone(hz: number): void {
    const Ctx = globalThis.AudioContext;
    if (!Ctx) return;
    this.audio ??= new Ctx();
    const ctx = this.audio;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.08, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.25);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.25);
  }
}
