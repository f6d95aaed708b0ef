// One room's recording (docs/recording.md "Signaling") as plain data, on the room's strand:
// whether it records, into which recording row and folder, since when.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

namespace parley::signaling {

struct recording_state {
  bool active = false;
  bool starting = false;  ///< a start is between the store and Janus; a second start waits
  std::string id;         ///< the recording's row
  std::string dir;        ///< its folder: Janus writes the tracks there
  std::int64_t started_at = 0;

  /// The `recording` event's body: {active, startedAt: ISO 8601 | null}.
  boost::json::object to_json() const;
};

}  // namespace parley::signaling
