// The ffmpeg command that turns a recording's converted tracks into one WebM (VP8 + Opus)
// (docs/recording.md "Processing"): a dark canvas as long as the recording on which each video
// is shown while it is present, at the box the layout of that moment gives it (recording/
// layout.hpp: a grid of the cameras, or a screen share large with the cameras in a strip), and
// every audio track delayed by its own start and mixed. One ffmpeg run. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "recording/layout.hpp"

namespace parley::recording {

/// One converted track (janus-pp-rec's output): a .webm video or an .opus audio file.
struct input {
  std::string file;
  bool video = false;
  std::int64_t offset_ms = 0;  ///< its start, from the recording's start (>= 0)
  std::int64_t end_ms = -1;    ///< a video's end, from the recording's start; < 0: the recording's
  bool screen = false;         ///< a screen share (shown large), else a camera
};

inline constexpr int frame_rate = 15;  ///< enough for faces and slides; halves the encoding cost

/// The spans of the videos among `inputs`, in their order, clipped to [0, duration_ms].
std::vector<video_span> video_spans(const std::vector<input>& inputs, std::int64_t duration_ms);

/// ffmpeg's argv (argv[0] = "ffmpeg") writing `out` of `duration_ms`.
std::vector<std::string> ffmpeg_args(const std::vector<input>& inputs, std::int64_t duration_ms,
                                     const std::string& out);

}  // namespace parley::recording
