// The domain's records under the names the layers above use (api, signaling): they reach the
// store only through the domain, so they include this header, never store/. The records are the
// store's own structs (no copy on the way up); store/records.hpp documents their fields.
#pragma once

#include "store/records.hpp"

namespace parley::domain {

using user = store::user_record;
using meeting = store::meeting_record;
using participant = store::participant_record;
using message = store::message_record;
using stay = store::stay_record;
using recording = store::recording_record;

}  // namespace parley::domain
