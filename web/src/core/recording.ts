// A meeting's recording as the client sees it (docs/recording.md "Signaling"): whether it
// records and since when (and why the server stopped it, when it did), from the `recording`
// event and the join ack; start and stop for a host or cohost; and the confirmation sentence naming who will be recorded. Framework-free.

import { Store, type Readable } from './observable';

/** The `recording` event, the join ack's `recording`, and GET /api/meetings/:id's. */
export interface RecordingStatus {
  active: boolean;
  startedAt: string | null;
  /** Why the server stopped it by itself (the disk or the limit filled), in plain words. */
  reason?: string;
}

export interface RecordingServerEvents {
  recording: RecordingStatus;
}

/** Every recording server event, once (SignalingClient forwards these). */
export const RECORDING_EVENTS: Record<keyof RecordingServerEvents, true> = { recording: true };

/** start-recording / stop-recording: no payload, acked {ok, recording}. */
export interface RecordingRequests {
  'start-recording': undefined;
  'stop-recording': undefined;
}

export const NOT_RECORDING: RecordingStatus = { active: false, startedAt: null };

/** Reads an untrusted `recording` object; anything malformed counts as not recording. */
export function toRecordingStatus(value: unknown): RecordingStatus {
  const v = value as Partial<RecordingStatus> | null | undefined;
  if (v && v.active === false && typeof v.reason === 'string' && v.reason)
    return { ...NOT_RECORDING, reason: v.reason };
  if (!v || v.active !== true) return NOT_RECORDING;
  return { active: true, startedAt: typeof v.startedAt === 'string' ? v.startedAt : null };
}

/**
 * The confirmation a host reads before starting: who is in the room now (the others by name,
 * then "you"), and that people who join later are recorded too.
 */
export function recordingConfirmation(others: ReadonlyArray<string>): string {
  const names = [...others, 'you'];
  const list =
    names.length === 1
      ? names[0]
      : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `This records the audio, video and screen shares of ${list}, and of anyone who joins while it records. Everyone is told.`;
}

type Send = (event: keyof RecordingRequests) => Promise<unknown>;

export class Recording {
  private readonly store = new Store<RecordingStatus>(NOT_RECORDING);

  constructor(private readonly send: Send) {}

  get state(): Readable<RecordingStatus> {
    return this.store;
  }

  /** The `recording` event or a join ack's field. */
  apply(value: unknown): void {
    const next = toRecordingStatus(value);
    const now = this.store.get();
    if (
      now.active === next.active &&
      now.startedAt === next.startedAt &&
      now.reason === next.reason
    )
      return;
    this.store.set(next);
  }

  /** Rejects with the server's ParleyError (`not_host`, `sfu_unavailable`, ...). */
  async start(): Promise<void> {
    const reply = (await this.send('start-recording')) as { recording?: unknown };
    this.apply(reply?.recording);
  }

  async stop(): Promise<void> {
    const reply = (await this.send('stop-recording')) as { recording?: unknown };
    this.apply(reply?.recording);
  }
}
