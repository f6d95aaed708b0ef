// The ffmpeg command that turns a recording's converted tracks into one WebM (VP8 + Opus)
// (docs/recording.md "Processing"): a fixed grid with one tile per published video (camera or
// screen) over a dark canvas as long as the recording; each tile shows its video from the
// moment its first packet was written until it ends (a participant who left early leaves an
// empty tile), and every audio track is delayed by its own start and mixed. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace parley::recording {

/// One converted track (janus-pp-rec's output): a .webm video or an .opus audio file.
struct input {
  std::string file;
  bool video = false;
  std::int64_t offset_ms = 0;  ///< its start, from the recording's start (>= 0)
};

/// The grid for `tiles` videos: columns = ceil(sqrt(n)), rows = ceil(n / columns), each
/// tile tile_w x tile_h; a 1x1 grid when there is no video at all.
struct grid {
  int columns = 1;
  int rows = 1;
  int width() const;
  int height() const;
};
inline constexpr int tile_w = 320;  ///< 4:3, the fake camera's and most webcams' shape
inline constexpr int tile_h = 240;
inline constexpr int frame_rate = 15;  ///< enough for faces and slides; halves the encoding cost
grid grid_for(std::size_t tiles);

/// ffmpeg's argv (argv[0] = "ffmpeg") writing `out` of `duration_ms`.
std::vector<std::string> ffmpeg_args(const std::vector<input>& inputs, std::int64_t duration_ms,
                                     const std::string& out);

}  // namespace parley::recording
