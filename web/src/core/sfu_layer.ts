// Which simulcast layer a subscriber asks for (docs/web.md "The SFU"): the largest one that
// fits its tile and its share of the measured downlink, and the lowest under loss.

export type Substream = 0 | 1 | 2;

/** Height each layer is sent at from a 360p-or-more camera, lowest first (h/2/4 of 720p). */
export const LAYER_HEIGHTS = [180, 360, 720] as const;
/** What each layer roughly needs, kbit/s, lowest first. */
export const LAYER_KBPS = [150, 500, 1500] as const;
/** Packet loss (fraction over the last interval) above which only the lowest layer is asked. */
export const LOSS_LIMIT = 0.05;

export interface LayerInput {
  /** The tile's height in CSS pixels times the device pixel ratio; 0 when unknown. */
  tileHeight: number;
  /** Fraction of video packets lost over the last interval (0..1). */
  loss: number;
  /** The estimated downlink for all subscriptions, kbit/s; null when not measured. */
  downlinkKbps: number | null;
  /** How many video subscriptions share that downlink. */
  streams: number;
}

export function chooseLayer({ tileHeight, loss, downlinkKbps, streams }: LayerInput): Substream {
  if (loss > LOSS_LIMIT) return 0;
  const budget = downlinkKbps === null ? Infinity : downlinkKbps / Math.max(1, streams);
  let layer: Substream = 0;
  for (const candidate of [1, 2] as const) {
    // A layer is worth it once the tile is taller than the layer below it.
    const below = candidate === 1 ? LAYER_HEIGHTS[0] : LAYER_HEIGHTS[1];
    const fits = tileHeight === 0 || tileHeight > below;
    if (fits && LAYER_KBPS[candidate] <= budget) layer = candidate;
  }
  return layer;
}

/**
 * Whether encoding `index` of `count` (highest first, as cameraEncodings lists them) is worth
 * sending while the top layer anyone watches is `watched` (-1: nobody; docs/web.md "The SFU",
 * Layers nobody watches): the layers up to it, and never fewer than the two lowest, so a new
 * subscriber finds a layer to start on (a 360p camera sends no `l` at all).
 */
export function watchedEncoding(index: number, count: number, watched: number): boolean {
  if (count < 2) return true;
  const substream = count - 1 - index;
  return substream <= Math.max(watched, 1);
}

/** The simulcast encodings for a camera track of `height` pixels (three only at 360p+). */
export function cameraEncodings(height: number): RTCRtpEncodingParameters[] {
  if (height > 0 && height < 360) return [{ maxBitrate: 900_000 }];
  return [
    { rid: 'h', maxBitrate: 1_200_000 },
    { rid: 'm', maxBitrate: 400_000, scaleResolutionDownBy: 2 },
    { rid: 'l', maxBitrate: 120_000, scaleResolutionDownBy: 4 },
  ];
}

/** A shared screen: full resolution, few frames (docs/web.md "The SFU"). */
export const SCREEN_ENCODING: RTCRtpEncodingParameters = {
  maxBitrate: 1_500_000,
  maxFramerate: 5,
};
