// One received feed (docs/web.md "The SFU"): the SFU offers, we answer; its tracks form the
// stream the participant's tile plays. A camera subscriber also asks for a simulcast layer.

import { debugLog, debugMark } from './debug_log';
import type { SfuFeed } from './sfu_events';
import { SfuConnection, type SfuConnectionOptions } from './sfu_connection';
import type { Substream } from './sfu_layer';

export class SfuSubscriber extends SfuConnection {
  readonly stream = new MediaStream();
  private layerAsked: Substream | null = null;
  /** Called when a track arrives. */
  onTrack: (() => void) | null = null;

  constructor(
    readonly feed: SfuFeed,
    options: SfuConnectionOptions,
  ) {
    super(options);
    this.markSteps(feed.socketId);
    this.pc.ontrack = ({ track }) => {
      for (const old of this.stream.getTracks())
        if (old.kind === track.kind && old !== track) this.stream.removeTrack(old);
      if (!this.stream.getTracks().includes(track)) this.stream.addTrack(track);
      this.onTrack?.();
    };
  }

  get layer(): Substream | null {
    return this.layerAsked;
  }

  /**
   * Asks for the feed, applies the SFU's offer and answers it. `layer` is the simulcast layer
   * to start on, asked in the subscribe itself (docs/web.md "The SFU", Layers): a layer change
   * right after it would be one more request, and one more keyframe request to the sender.
   */
  async start(layer?: Substream): Promise<void> {
    const peer = { peer: this.feed.socketId };
    debugMark('sfu-subscribe-sent', peer);
    if (layer !== undefined) this.layerAsked = layer;
    const reply = await this.options.signaling.sfu(
      'sfu-subscribe',
      layer === undefined ? { feed: this.feed.feed } : { feed: this.feed.feed, substream: layer },
    );
    debugMark('sfu-offer-received', peer);
    if (this.isClosed) {
      this.options.signaling.sfu('sfu-unsubscribe', { pc: reply.pc }).catch(() => undefined);
      return;
    }
    this.setId(reply.pc);
    await this.pc.setRemoteDescription(reply.offer);
    await this.flushRemoteCandidates();
    await this.pc.setLocalDescription();
    if (this.isClosed) return;
    debugMark('sfu-answer-sent', peer);
    await this.options.signaling.sfu('sfu-answer', {
      pc: reply.pc,
      answer: { type: 'answer', sdp: this.pc.localDescription?.sdp ?? '' },
    });
    this.armWatchdog();
  }

  /** Asks the SFU for simulcast layer `substream` (only when it changes). */
  setLayer(substream: Substream): void {
    const pc = this.id;
    if (!pc || this.isClosed || substream === this.layerAsked) return;
    this.layerAsked = substream;
    debugLog(this.feed.socketId, 'sfu layer', substream);
    this.options.signaling.sfu('sfu-layer', { pc, substream }).catch(() => {
      this.layerAsked = null;
    });
  }

  unsubscribe(): void {
    this.close('sfu-unsubscribe');
  }
}
