// The local side of a call's media: microphone, camera and screen toggles, each announced to
// the room (`media-state`, docs/signaling.md) and mirrored in our own roster entry, and track
// changes (device switch, screen share) handed on so the mesh sends the new tracks.

import type { CallRoster } from './call_roster';
import type { LocalMedia } from './local_media';
import type { MediaState } from './types';

export class CallMedia {
  /**
   * `send` tells the room our media state; the call drops it while not in the room (the join
   * request carries the state instead).
   */
  constructor(
    private readonly media: LocalMedia,
    private readonly roster: CallRoster,
    private readonly send: (state: MediaState) => void,
  ) {}

  setAudio(enabled: boolean): void {
    this.media.setAudioEnabled(enabled);
    this.announce();
  }

  setVideo(enabled: boolean): void {
    this.media.setVideoEnabled(enabled);
    this.announce();
  }

  async toggleScreenShare(): Promise<void> {
    if (this.media.get().screen) this.media.stopScreenShare();
    else await this.media.startScreenShare();
  }

  /** Calls `tracksChanged` after each track change, then announces; returns the unsubscriber. */
  follow(tracksChanged: () => void): () => void {
    let revision = this.media.get().revision;
    return this.media.subscribe(() => {
      const state = this.media.get();
      if (state.revision === revision) return;
      revision = state.revision;
      tracksChanged();
      this.announce();
    });
  }

  private announce(): void {
    const state = this.media.announced();
    this.roster.updateSelf(state);
    this.send(state);
  }
}
