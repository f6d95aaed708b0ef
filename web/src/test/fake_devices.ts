// navigator.mediaDevices for unit tests under Node: getUserMedia that hands out FakeTracks of
// the kinds this "machine" has, permission denial, a screen picker that can be cancelled, and
// a device list. Every request is recorded.

import { FakeMediaStream, FakeTrack } from './fake_webrtc';

export class FakeMediaDevices extends EventTarget {
  /** Which devices exist: a request for a missing kind fails with NotFoundError. */
  has = { audio: true, video: true };
  /** The person blocks camera and microphone: NotAllowedError. */
  deny = false;
  /** The person closes the screen picker. */
  cancelScreen = false;
  readonly requests: MediaStreamConstraints[] = [];
  /** Every track handed out, oldest first. */
  readonly issued: FakeTrack[] = [];
  /** How often the device list was read. */
  enumerations = 0;
  private held: Promise<void> | null = null;

  /** Camera and microphone answer only once the returned function is called. */
  hold(): () => void {
    let release = () => {};
    this.held = new Promise<void>((resolve) => (release = resolve));
    return release;
  }

  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.requests.push(constraints);
    if (this.held) await this.held;
    if (this.deny) throw new DOMException('Permission denied', 'NotAllowedError');
    const kinds = (['audio', 'video'] as const).filter((k) => constraints[k]);
    if (kinds.some((k) => !this.has[k]))
      throw new DOMException('Requested device not found', 'NotFoundError');
    return this.stream(kinds.map((k) => new FakeTrack(k)));
  }

  async getDisplayMedia(_constraints: DisplayMediaStreamOptions): Promise<MediaStream> {
    if (this.cancelScreen) throw new DOMException('Picker closed', 'NotAllowedError');
    return this.stream([new FakeTrack('video')]);
  }

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    this.enumerations++;
    const device = (deviceId: string, kind: MediaDeviceKind) =>
      ({ deviceId, kind, label: deviceId, groupId: 'g' }) as MediaDeviceInfo;
    // Before permission, browsers list devices with an empty id; LocalMedia drops those.
    return [device('mic-1', 'audioinput'), device('cam-1', 'videoinput'), device('', 'audioinput')];
  }

  get asMediaDevices(): MediaDevices {
    return this as unknown as MediaDevices;
  }

  private stream(tracks: FakeTrack[]): MediaStream {
    this.issued.push(...tracks);
    return new FakeMediaStream(tracks) as unknown as MediaStream;
  }
}
