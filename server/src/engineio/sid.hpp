// Session ids: 15 bytes from the OS CSPRNG as 20 URL-safe base64 characters (what the
// reference server's base64id produces), so a sid can neither be guessed nor collide.
#pragma once

#include <optional>
#include <string>

namespace parley::engineio {

/// A fresh sid; nullopt only if the CSPRNG fails (the caller refuses the handshake).
std::optional<std::string> make_sid();

}  // namespace parley::engineio
