// Standard base64 (RFC 4648 §4, with padding), as Engine.IO uses for binary packets over
// long-polling ("b" + base64).
#pragma once

#include <string>
#include <string_view>

namespace parley::engineio::base64 {

/// Appends the padded base64 encoding of `bytes` to `out`.
void encode_append(std::string& out, std::string_view bytes);

/// Decodes padded base64 into `out` (cleared first). Returns false, leaving `out`
/// unspecified, on a length that is not a multiple of 4, a character outside the alphabet,
/// misplaced padding, or non-zero trailing bits.
bool decode(std::string_view text, std::string& out);

}  // namespace parley::engineio::base64
