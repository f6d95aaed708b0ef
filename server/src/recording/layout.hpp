// Where each video of a recording goes in the composed file, and when (docs/recording.md
// "Processing: the layout"). The recording's timeline is cut at every video's start and end;
// in each segment the layout depends only on which videos are present: a grid of the cameras,
// or a screen share large with the cameras in a strip below it. Pure.
#pragma once

#include <cstdint>
#include <vector>

namespace parley::recording {

inline constexpr int canvas_w = 1280;  ///< the composed file's size, fixed for the whole file
inline constexpr int canvas_h = 720;
inline constexpr int strip_h = 144;       ///< the camera strip below a screen share (1/5 of 720)
inline constexpr int strip_tile_w = 256;  ///< a strip tile's widest (16:9 at strip_h)

/// One video of the recording, on the recording's timeline (ms from its start).
struct video_span {
  bool screen = false;  ///< a screen share (kind `screen`), else a camera
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
};

/// A tile: the box a video is scaled into (keeping its aspect ratio, centred).
struct rect {
  int x = 0;
  int y = 0;
  int w = 0;
  int h = 0;
  bool operator==(const rect&) const = default;
};

/// The boxes of the videos present, in their order; `screen[i]` says whether the i-th is a
/// screen share. Cameras alone: a grid; one or more screens: they share the area above the
/// strip (as a grid), the cameras go in the strip.
std::vector<rect> arrange(const std::vector<bool>& screen);

/// A stretch of the timeline in which the same videos are present.
struct segment {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  std::vector<std::size_t> present;  ///< indexes into the videos, ascending
  std::vector<rect> tiles;           ///< tiles[i] is present[i]'s box
};

/// The segments of [0, duration_ms): cut at every start and end, adjacent stretches with the
/// same videos merged; a stretch with no video is a segment with nothing present.
std::vector<segment> segments(const std::vector<video_span>& videos, std::int64_t duration_ms);

}  // namespace parley::recording
