// M toggles the microphone, V the camera (ignored while typing in a field).

import { useEffect } from 'react';
import { useCall } from './use_call';

export function useKeyboardShortcuts(): void {
  const call = useCall();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (isTyping(event.target)) return;
      const media = call.media.get();
      const key = event.key.toLowerCase();
      if (key === 'm') call.setAudio(!media.audioEnabled);
      else if (key === 'v') call.setVideo(!media.videoEnabled);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [call]);
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
