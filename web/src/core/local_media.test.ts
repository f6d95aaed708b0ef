import { beforeAll, describe, expect, it } from 'vitest';
import { FakeMediaDevices } from '../test/fake_devices';
import { FakeTrack, installFakeMediaGlobals } from '../test/fake_webrtc';
import { until } from '../test/wait';
import { LocalMedia } from './local_media';

beforeAll(installFakeMediaGlobals);

function setup() {
  const devices = new FakeMediaDevices();
  const media = new LocalMedia(devices.asMediaDevices);
  return { devices, media };
}

const track = (t: MediaStreamTrack | null | undefined) => t as unknown as FakeTrack;

describe('local media', () => {
  it('opens camera and microphone together and lists the devices that have ids', async () => {
    const { devices, media } = setup();
    await media.start();
    const state = media.get();
    expect(devices.requests).toHaveLength(1);
    expect(state.stream?.getAudioTracks()).toHaveLength(1);
    expect(state.stream?.getVideoTracks()).toHaveLength(1);
    expect(state.error).toBeNull();
    expect(state.audioInputId).toBe('audio-device');
    // The device list follows the stream (a join does not wait for it).
    await until(() =>
      expect(media.get().devices.map((d) => d.deviceId)).toEqual(['mic-1', 'cam-1']),
    );
    expect(media.announced()).toEqual({ audio: true, video: true, screen: false });
    expect(media.outgoingVideo()).toBe(state.stream?.getVideoTracks()[0]);
  });

  it('falls back to the microphone alone when there is no camera', async () => {
    const { devices, media } = setup();
    devices.has.video = false;
    await media.start();
    expect(devices.requests.map((c) => [!!c.audio, !!c.video])).toEqual([
      [true, true],
      [true, false],
    ]);
    expect(media.get().stream?.getVideoTracks()).toHaveLength(0);
    expect(media.audioTrack()).not.toBeNull();
    // Video is "on" but there is no track: the others are told it is off.
    expect(media.announced()).toEqual({ audio: true, video: false, screen: false });
  });

  it('stops asking after a denial and reports media_denied with an empty stream', async () => {
    const { devices, media } = setup();
    devices.deny = true;
    await media.start();
    expect(devices.requests).toHaveLength(1);
    expect(media.get().error?.code).toBe('media_denied');
    expect(media.get().stream?.getTracks()).toEqual([]);
  });

  it('reports media_unavailable when no device works, or none exists', async () => {
    const { devices, media } = setup();
    devices.has = { audio: false, video: false };
    await media.start();
    expect(devices.requests).toHaveLength(3);
    expect(media.get().error?.code).toBe('media_unavailable');

    const none = new LocalMedia(undefined);
    await none.start();
    expect(none.get().error?.code).toBe('media_unavailable');
  });

  it('mutes by disabling tracks, and keeps the choice for a switched device', async () => {
    const { devices, media } = setup();
    await media.start();
    const before = media.get().revision;
    media.setAudioEnabled(false);
    expect(track(media.audioTrack()).enabled).toBe(false);
    expect(media.get().revision).toBe(before); // same track: nothing to renegotiate
    expect(media.announced().audio).toBe(false);

    const oldMic = track(media.audioTrack());
    await media.selectInput('audio', 'mic-1');
    expect(devices.requests.at(-1)).toEqual({ audio: { deviceId: { exact: 'mic-1' } } });
    expect(oldMic.readyState).toBe('ended');
    expect(track(media.audioTrack())).not.toBe(oldMic);
    expect(track(media.audioTrack()).enabled).toBe(false);
    expect(media.get().audioInputId).toBe('mic-1');
    expect(media.get().revision).toBe(before + 1);
  });

  it('shares a screen as the outgoing video until the browser ends it', async () => {
    const { devices, media } = setup();
    await media.start();
    expect(await media.startScreenShare()).toBe(true);
    const screen = track(media.get().screen);
    expect(screen.contentHint).toBe('detail');
    expect(track(media.outgoingVideo())).toBe(screen);
    expect(media.isScreen()).toBe(true);
    expect(await media.startScreenShare()).toBe(false); // already sharing

    screen.end(); // the browser's "Stop sharing"
    expect(media.get().screen).toBeNull();
    expect(media.outgoingVideo()).toBe(media.get().stream?.getVideoTracks()[0]);

    devices.cancelScreen = true;
    expect(await media.startScreenShare()).toBe(false);
    expect(media.isScreen()).toBe(false);
  });

  it('stops every track and its device listener; a late grant is released at once', async () => {
    const { devices, media } = setup();
    await media.start();
    await media.startScreenShare();
    media.stop();
    expect(devices.issued.every((t) => t.readyState === 'ended')).toBe(true);
    expect(media.get().stream).toBeNull();
    expect(media.get().screen).toBeNull();

    const late = setup();
    const starting = late.media.start();
    late.media.stop(); // e.g. the page closed while the permission prompt was open
    await starting;
    expect(late.devices.issued).toHaveLength(2);
    expect(late.devices.issued.every((t) => t.readyState === 'ended')).toBe(true);
    expect(late.media.get().stream).toBeNull();
  });

  it('re-reads the device list when devices change, until stopped', async () => {
    const { devices, media } = setup();
    await media.start();
    const before = devices.enumerations;
    devices.dispatchEvent(new Event('devicechange')); // listeners run synchronously
    expect(devices.enumerations).toBe(before + 1);
    media.stop();
    devices.dispatchEvent(new Event('devicechange'));
    expect(devices.enumerations).toBe(before + 1);
  });
});
