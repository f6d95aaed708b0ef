// The mesh bandwidth rule (docs/web.md): every sender uploads one copy of its video per peer,
// so the per-peer video bitrate and resolution shrink as the mesh grows, keeping the total
// video uplink near UPLINK_BUDGET_KBPS.

/** Total video uplink a sender aims to stay within, in kbit/s. */
export const UPLINK_BUDGET_KBPS = 2000;
/** Most a single peer gets (one-to-one calls), in kbit/s. */
export const MAX_PEER_KBPS = 1500;
/** Least a peer gets, below which video is no longer useful, in kbit/s. */
export const MIN_PEER_KBPS = 150;

export interface VideoLimits {
  /** Encoder cap per peer connection, bit/s. */
  maxBitrate: number;
  /** Tallest frame sent, in pixels. */
  maxHeight: number;
  maxFramerate: number;
}

/** Resolution steps: the tallest frame worth sending at a given per-peer bitrate. */
const STEPS: ReadonlyArray<{ minKbps: number; height: number; fps: number }> = [
  { minKbps: 900, height: 720, fps: 30 },
  { minKbps: 500, height: 540, fps: 30 },
  { minKbps: 300, height: 360, fps: 24 },
  { minKbps: 0, height: 240, fps: 20 },
];

/** Per-peer camera limits for a sender with `peers` remote participants. */
export function cameraLimits(peers: number): VideoLimits {
  const n = Math.max(1, peers);
  const kbps = Math.round(Math.min(MAX_PEER_KBPS, Math.max(MIN_PEER_KBPS, UPLINK_BUDGET_KBPS / n)));
  const step = STEPS.find((s) => kbps >= s.minKbps) ?? STEPS[STEPS.length - 1]!;
  return { maxBitrate: kbps * 1000, maxHeight: step.height, maxFramerate: step.fps };
}

/** Screen content keeps full resolution (text must stay legible) and trades frame rate. */
export function screenLimits(peers: number): VideoLimits {
  const camera = cameraLimits(peers);
  const maxBitrate = Math.min(MAX_PEER_KBPS * 1000, Math.round(camera.maxBitrate * 1.5));
  return { maxBitrate, maxHeight: 1080, maxFramerate: 15 };
}

/** How much to scale a `sourceHeight` frame down to fit `limits` (>= 1). */
export function scaleDownBy(sourceHeight: number, limits: VideoLimits): number {
  if (!sourceHeight || sourceHeight <= limits.maxHeight) return 1;
  return Math.round((sourceHeight / limits.maxHeight) * 100) / 100;
}
