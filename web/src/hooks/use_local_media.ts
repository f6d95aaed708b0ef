// Camera/microphone state of a LocalMedia, plus props for the preview toggles.

import type { LocalMedia, LocalMediaState } from '../core/local_media';
import { useOptionalReadable } from './use_readable';

export function useLocalMedia(media: LocalMedia | null): LocalMediaState | null {
  return useOptionalReadable(media);
}
