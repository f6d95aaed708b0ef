// The SFU events both ways (docs/signaling.md "Large meetings: the SFU"), typed.

import type { Substream } from './sfu_layer';

export type Topology = 'mesh' | 'sfu';
export type FeedKind = 'camera' | 'screen';

/** One published kind of one socket. */
export interface SfuFeed {
  feed: string;
  socketId: string;
  userId: string;
  kind: FeedKind;
}

export interface TopologyEvent {
  mode: Topology;
  /** `sfu_unavailable` when the meeting fell back to the mesh because Janus is gone. */
  reason?: string;
  /** A sentence to show the person. */
  message?: string;
}

export interface SfuServerEvents {
  topology: TopologyEvent;
  'sfu-feeds': SfuFeed[];
  'sfu-feed': SfuFeed;
  'sfu-feed-removed': { feed: string; socketId: string; kind: FeedKind };
  'sfu-candidate': { pc: string; candidate: RTCIceCandidateInit | string | null };
  'sfu-closed': { pc: string; message?: string };
  /** The top simulcast layer anyone watches of our feed `pc` (-1: nobody). */
  'sfu-watched': { pc: string; substream: -1 | Substream };
}

/** Every SFU server event, once (SignalingClient forwards these). */
export const SFU_EVENTS: Record<keyof SfuServerEvents, true> = {
  topology: true,
  'sfu-feeds': true,
  'sfu-feed': true,
  'sfu-feed-removed': true,
  'sfu-candidate': true,
  'sfu-closed': true,
  'sfu-watched': true,
};

/** The client's SFU requests (all acked). */
export interface SfuRequests {
  'sfu-publish': { kind: FeedKind; offer: RTCSessionDescriptionInit; pc?: string };
  'sfu-unpublish': { pc: string };
  'sfu-subscribe': { feed: string; substream?: Substream };
  'sfu-answer': { pc: string; answer: RTCSessionDescriptionInit };
  'sfu-unsubscribe': { pc: string };
  /** One candidate, or several gathered together (at most 16; `null` ends them). */
  'sfu-candidate':
    | { pc: string; candidate: RTCIceCandidateInit | null }
    | { pc: string; candidates: Array<RTCIceCandidateInit | null> };
  'sfu-layer': { pc: string; substream: Substream };
}

/** What each request's ack carries besides `ok`. */
export interface SfuReplies {
  'sfu-publish': { pc: string; feed: string; answer: RTCSessionDescriptionInit };
  'sfu-unpublish': object;
  'sfu-subscribe': { pc: string; offer: RTCSessionDescriptionInit };
  'sfu-answer': object;
  'sfu-unsubscribe': object;
  'sfu-candidate': object;
  'sfu-layer': object;
}

/** The signaling surface the SFU code uses (SignalingClient implements it). */
export interface SfuSignaling {
  sfu<K extends keyof SfuRequests>(event: K, payload: SfuRequests[K]): Promise<SfuReplies[K]>;
}
