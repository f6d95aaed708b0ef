// Socket ids.
#pragma once

#include <string>

namespace parley::socketio {

/// 20 URL-safe base64 characters (120 bits) from the OS CSPRNG: unguessable, so knowing a
/// socket id grants nothing.
std::string random_id();

}  // namespace parley::socketio
