// In-call settings (docs/web.md "Devices in the call", "Alerts", "Layouts"): camera,
// microphone and speaker (switched mid-call on every connection), join/leave sounds, chat
// notifications, hiding self-view.

import type { Alerts } from '../../core/alerts';
import { useCall } from '../../hooks/use_call';
import { useLocalMedia } from '../../hooks/use_local_media';
import { useReadable } from '../../hooks/use_readable';
import { DeviceSelect } from '../device_select';
import { Icon } from '../icon';

export function RoomSettings({
  alerts,
  hideSelf,
  onHideSelf,
}: {
  alerts: Alerts;
  hideSelf: boolean;
  onHideSelf: (hide: boolean) => void;
}) {
  const call = useCall();
  const media = useLocalMedia(call.media);
  const prefs = useReadable(alerts.prefs);
  const devices = media?.devices ?? [];
  return (
    <details className="settings-menu" data-testid="device-settings">
      <summary className="control" title="Settings">
        <Icon name="gear" />
        <span className="control-label">Settings</span>
      </summary>
      <div className="popover stack" role="group" aria-label="Settings">
        <DeviceSelect
          testId="camera-select"
          label="Camera"
          kind="videoinput"
          devices={devices}
          value={media?.videoInputId ?? null}
          onChange={(id) => void call.media.selectInput('video', id).catch(warn)}
        />
        <DeviceSelect
          testId="microphone-select"
          label="Microphone"
          kind="audioinput"
          devices={devices}
          value={media?.audioInputId ?? null}
          onChange={(id) => void call.media.selectInput('audio', id).catch(warn)}
        />
        <DeviceSelect
          testId="speaker-select"
          label="Speaker"
          kind="audiooutput"
          devices={devices}
          value={media?.audioOutputId ?? null}
          onChange={(id) => call.media.selectOutput(id)}
        />
        <label className="switch small">
          <input
            type="checkbox"
            data-testid="sounds-toggle"
            checked={prefs.sounds}
            onChange={(e) => alerts.setPrefs({ sounds: e.target.checked })}
          />
          Join and leave sounds
        </label>
        <label className="switch small">
          <input
            type="checkbox"
            data-testid="notifications-toggle"
            checked={prefs.notifications}
            onChange={(e) => alerts.setPrefs({ notifications: e.target.checked })}
          />
          Chat notifications while the tab is hidden
        </label>
        <label className="switch small">
          <input
            type="checkbox"
            data-testid="hide-self-toggle"
            checked={hideSelf}
            onChange={(e) => onHideSelf(e.target.checked)}
          />
          Hide self-view
        </label>
      </div>
    </details>
  );
}

function warn(error: unknown): void {
  console.warn('parley:', error);
}
