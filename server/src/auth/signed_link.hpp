// Links that carry their own permission (docs/recording.md "Links to the file"): a `<video>`
// element or a download cannot send a Bearer token, so the server hands out a link whose
// query names an expiry and a signature, base64url(HMAC-SHA256(key, what "\n" expires)),
// where `what` says what the link opens ("recording-file:<id>"). Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::auth {

/// The signature of a link to `what` valid until `expires_s` (Unix seconds).
std::string link_signature(std::string_view key, std::string_view what, std::int64_t expires_s);

/// Whether `signature` is the one for `what` and `expires_s`, and `now_s` is before
/// `expires_s`. Compares in constant time.
bool link_valid(std::string_view key, std::string_view what, std::int64_t expires_s,
                std::string_view signature, std::int64_t now_s);

}  // namespace parley::auth
