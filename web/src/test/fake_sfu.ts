// The server's SFU side for unit tests (docs/signaling.md "Large meetings: the SFU"): answers
// sfu-publish and sfu-subscribe with fake descriptions and records every request.

import type { SfuReplies, SfuRequests, SfuSignaling } from '../core/sfu_events';

export interface SfuCall {
  event: keyof SfuRequests;
  payload: unknown;
}

export class FakeSfuServer implements SfuSignaling {
  readonly calls: SfuCall[] = [];
  private next = 0;
  /** When set, requests of this name are refused with this code. */
  refuse: { event: keyof SfuRequests; code: string } | null = null;

  constructor(public id: string | undefined = 'self') {}

  sfu<K extends keyof SfuRequests>(event: K, payload: SfuRequests[K]): Promise<SfuReplies[K]> {
    this.calls.push({ event, payload });
    if (this.refuse?.event === event) return Promise.reject(new Error(this.refuse.code));
    const pc = `pc-${++this.next}`;
    const sdp = JSON.stringify({ kinds: ['audio', 'video'], ice: 0 });
    const reply =
      event === 'sfu-publish'
        ? { pc, feed: `feed-${this.next}`, answer: { type: 'answer', sdp } }
        : event === 'sfu-subscribe'
          ? { pc, offer: { type: 'offer', sdp } }
          : {};
    return Promise.resolve(reply as SfuReplies[K]);
  }

  of(event: keyof SfuRequests): unknown[] {
    return this.calls.filter((c) => c.event === event).map((c) => c.payload);
  }
}
