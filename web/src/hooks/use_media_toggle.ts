// State and button props for the microphone / camera / screen-share / hand toggles.

import type { MeetingCall } from '../core/call';
import { useCall } from './use_call';
import { useReadable } from './use_readable';

export type ToggleKind = 'audio' | 'video' | 'screen' | 'hand';

const TEST_IDS: Record<ToggleKind, string> = {
  audio: 'toggle-audio',
  video: 'toggle-video',
  screen: 'share-screen',
  hand: 'raise-hand',
};

export interface MediaToggle {
  on: boolean;
  available: boolean;
  toggle: () => void;
  buttonProps: {
    'data-testid': string;
    'aria-pressed': boolean;
    disabled: boolean;
    onClick: () => void;
  };
}

export function useMediaToggle(kind: ToggleKind): MediaToggle {
  const call = useCall();
  const media = useReadable(call.media);
  const { handRaised } = useReadable(call.state);
  const hasTrack = (k: 'audio' | 'video') =>
    (k === 'audio' ? media.stream?.getAudioTracks() : media.stream?.getVideoTracks())?.length ?? 0;
  const { on, available } = {
    audio: { on: media.audioEnabled && hasTrack('audio') > 0, available: hasTrack('audio') > 0 },
    video: { on: media.videoEnabled && hasTrack('video') > 0, available: hasTrack('video') > 0 },
    screen: { on: media.screen !== null, available: canShareScreen() },
    hand: { on: handRaised, available: true },
  }[kind];
  const toggle = () => flip(call, kind, on);
  return {
    on,
    available,
    toggle,
    buttonProps: {
      'data-testid': TEST_IDS[kind],
      'aria-pressed': on,
      disabled: !available,
      onClick: toggle,
    },
  };
}

export function flip(call: MeetingCall, kind: ToggleKind, on: boolean): void {
  if (kind === 'audio') call.setAudio(!on);
  else if (kind === 'video') call.setVideo(!on);
  else if (kind === 'screen') void call.toggleScreenShare();
  else call.setHandRaised(!on);
}

function canShareScreen(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    typeof navigator.mediaDevices?.getDisplayMedia === 'function'
  );
}
