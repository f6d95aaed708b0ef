// Whether the meeting records, and start/stop for a host or cohost (docs/recording.md).

import type { RecordingStatus } from '../core/recording';
import { useCall } from './use_call';
import { useReadable } from './use_readable';

export function useRecording(): RecordingStatus & {
  start: () => Promise<void>;
  stop: () => Promise<void>;
} {
  const call = useCall();
  const status = useReadable(call.recording.state);
  return { ...status, start: () => call.recording.start(), stop: () => call.recording.stop() };
}
