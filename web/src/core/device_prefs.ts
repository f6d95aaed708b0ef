// The camera, microphone and speaker a person chose, kept in localStorage so the next
// meeting starts with them (docs/web.md "Devices in the call").

export interface DevicePrefs {
  audioInputId?: string;
  videoInputId?: string;
  audioOutputId?: string;
}

const KEY = 'parley.devices';

export function loadDevicePrefs(
  storage: Storage | undefined = globalThis.localStorage,
): DevicePrefs {
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? '{}') as Record<string, unknown>;
    const out: DevicePrefs = {};
    for (const k of ['audioInputId', 'videoInputId', 'audioOutputId'] as const)
      if (typeof raw[k] === 'string' && raw[k]) out[k] = raw[k];
    return out;
  } catch {
    return {};
  }
}

export function saveDevicePref(
  change: DevicePrefs,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(KEY, JSON.stringify({ ...loadDevicePrefs(storage), ...change }));
  } catch {
    // Private mode or full storage: the choice lasts for this page only.
  }
}

/** A constraint preferring a remembered device without failing when it is gone. */
export function preferred(deviceId: string | undefined): MediaTrackConstraints {
  return deviceId ? { deviceId: { ideal: deviceId } } : {};
}
