// Pre-join: camera/microphone preview and choice, a name for guests, the password if needed.

import { useState, type FormEvent } from 'react';
import type { FlowState, MeetingFlow } from '../core/meeting_flow';
import type { LocalMedia } from '../core/local_media';
import { useLocalMedia } from '../hooks/use_local_media';
import { useSession } from '../hooks/use_session';
import { useVideoElement } from '../hooks/use_video_element';
import { Avatar } from './avatar';
import { DeviceSelect } from './device_select';
import { ErrorMessage } from './error_message';
import { Icon } from './icon';
import { PreflightPanel } from './preflight_lazy';
import { RecordingIndicator } from './recording_indicator';

export function PrejoinView({
  flow,
  state,
  defaultName,
}: {
  flow: MeetingFlow;
  state: FlowState;
  defaultName: string;
}) {
  const { state: auth } = useSession();
  const signedIn = auth.status === 'signed-in';
  const joining = state.step === 'joining';
  const [checking, setChecking] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void flow.join({
      name: String(form.get('displayName') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    });
  };
  const name = signedIn ? auth.user.username : defaultName;
  return (
    <div className="prejoin">
      <Preview media={state.media} name={name || 'You'} />
      <form className="card stack prejoin-form" onSubmit={submit}>
        <h1>{state.meeting?.title || 'Ready to join?'}</h1>
        <p className="muted small">Meeting {flow.meetingId}</p>
        <RecordingIndicator active={state.meeting?.recording?.active === true} />
        {signedIn ? (
          <p>
            Joining as <strong>{auth.user.username}</strong>
          </p>
        ) : (
          <label className="field">
            <span>Your name</span>
            <input
              name="displayName"
              data-testid="display-name-input"
              defaultValue={defaultName}
              required
              maxLength={64}
              autoComplete="name"
            />
          </label>
        )}
        {state.needsPassword && (
          <label className="field">
            <span>Meeting password</span>
            <input
              name="password"
              type="password"
              data-testid="meeting-password-input"
              required
              autoComplete="off"
            />
          </label>
        )}
        <ErrorMessage error={state.error} />
        <button className="primary large" data-testid="join-button" disabled={joining}>
          {joining ? 'Joining…' : 'Join meeting'}
        </button>
        <button
          type="button"
          className="ghost small"
          data-testid="prejoin-check"
          aria-expanded={checking}
          onClick={() => setChecking((on) => !on)}
        >
          {checking ? 'Hide the connection check' : 'Check my camera, microphone and connection'}
        </button>
      </form>
      {checking && <PreflightPanel />}
    </div>
  );
}

function Preview({ media, name }: { media: LocalMedia | null; name: string }) {
  const state = useLocalMedia(media);
  const videoRef = useVideoElement(state?.stream ?? null);
  const hasVideo = (state?.stream?.getVideoTracks().length ?? 0) > 0;
  const hasAudio = (state?.stream?.getAudioTracks().length ?? 0) > 0;
  const videoOn = hasVideo && state?.videoEnabled === true;
  const audioOn = hasAudio && state?.audioEnabled === true;
  return (
    <div className="preview-column">
      <div className="preview">
        <video
          ref={videoRef}
          muted
          playsInline
          autoPlay
          className={videoOn ? 'mirror' : 'hidden'}
        />
        {!videoOn && (
          <div className="tile-placeholder">
            <Avatar name={name} size="large" />
          </div>
        )}
        <div className="preview-controls">
          <button
            type="button"
            className={`round ${audioOn ? '' : 'off'}`}
            aria-pressed={audioOn}
            disabled={!hasAudio}
            title={audioOn ? 'Turn microphone off' : 'Turn microphone on'}
            onClick={() => media?.setAudioEnabled(!audioOn)}
          >
            <Icon name={audioOn ? 'mic' : 'micOff'} />
          </button>
          <button
            type="button"
            className={`round ${videoOn ? '' : 'off'}`}
            aria-pressed={videoOn}
            disabled={!hasVideo}
            title={videoOn ? 'Turn camera off' : 'Turn camera on'}
            onClick={() => media?.setVideoEnabled(!videoOn)}
          >
            <Icon name={videoOn ? 'cam' : 'camOff'} />
          </button>
        </div>
      </div>
      <ErrorMessage error={state?.error} />
      {state && (
        <div className="devices">
          <DeviceSelect
            label="Camera"
            kind="videoinput"
            devices={state.devices}
            value={state.videoInputId}
            onChange={(id) => void media?.selectInput('video', id)}
          />
          <DeviceSelect
            label="Microphone"
            kind="audioinput"
            devices={state.devices}
            value={state.audioInputId}
            onChange={(id) => void media?.selectInput('audio', id)}
          />
          {supportsOutputSelection() && (
            <DeviceSelect
              label="Speaker"
              kind="audiooutput"
              devices={state.devices}
              value={state.audioOutputId}
              onChange={(id) => media?.selectOutput(id)}
            />
          )}
        </div>
      )}
    </div>
  );
}

function supportsOutputSelection(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
