// The raw tracks of one recording (docs/recording.md "Processing"): the .mjr files Janus's
// VideoRoom recorder wrote into the recording's folder, one per published audio or video
// stream. Each publisher is recorded under the base name "<kind>-<userId>-<feed>" (kind:
// camera | screen), to which Janus adds its own suffix; each file's header says its medium,
// its codec and when its first packet was written. Pure apart from reading the folder.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::recording {

/// What an .mjr file's header says (MJR00002, then a 16-bit big-endian length, then JSON).
struct mjr_header {
  char media = 0;  ///< 'a' audio, 'v' video, 'd' data
  std::string codec;
  std::int64_t created_us = 0;  ///< "s": when the file was created (Unix µs)
  std::int64_t first_us = 0;    ///< "u": when its first packet was written (Unix µs), or 0
};

/// The header of `bytes` (the file's first bytes, at least the header), or nullopt when they
/// are not an MJR00002 header.
std::optional<mjr_header> parse_mjr_header(std::string_view bytes);

struct track {
  std::string path;  ///< the .mjr file
  std::string base;  ///< "<kind>-<userId>-<feed>": the order of tiles (layout.hpp)
  std::string kind;  ///< camera | screen
  std::string user_id;
  mjr_header header;
  /// When the track starts (its first packet, else the file's creation), Unix ms.
  std::int64_t start_ms() const {
    return (header.first_us ? header.first_us : header.created_us) / 1000;
  }
};

/// The base name a publisher is recorded under (without the folder).
std::string track_base(std::string_view kind, std::string_view user_id, std::string_view feed);

/// Splits a file name "<kind>-<userId>-<feed>-<anything>.mjr" into the track's base, kind and
/// user; nullopt for any other name.
std::optional<track> parse_track_name(std::string_view file_name);

/// Every audio and video track in `dir` whose name and header parse, sorted by base then
/// path. Files that do not parse are skipped (an empty or truncated one after a crash).
std::vector<track> scan_tracks(const std::string& dir);

}  // namespace parley::recording
