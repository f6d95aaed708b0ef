// A ref callback that plays `stream` in a <video>, re-attaching only when the stream changes.

import { useCallback } from 'react';

export function useVideoElement(stream: MediaStream | null, sinkId?: string | null) {
  return useCallback(
    (video: HTMLVideoElement | null) => {
      if (!video) return;
      if (video.srcObject !== stream) video.srcObject = stream;
      if (sinkId && 'setSinkId' in video) {
        void (video as HTMLVideoElement & { setSinkId(id: string): Promise<void> })
          .setSinkId(sinkId)
          .catch(() => undefined);
      }
      if (stream) void video.play().catch(() => undefined);
    },
    [stream, sinkId],
  );
}
