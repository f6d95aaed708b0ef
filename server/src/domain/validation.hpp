// The contract's field rules, shared by REST and signaling. Each returns the failure
// (invalid_field naming `field`) or nothing when the value is acceptable.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "domain/errc.hpp"

namespace parley::domain {

using verdict = std::optional<failure>;

/// 3-32 of [A-Za-z0-9_.-].
verdict check_username(std::string_view v, std::string_view field = "username");
/// local@domain, at most 254 characters, no spaces or control characters.
verdict check_email(std::string_view v, std::string_view field = "email");
/// 8-1024 bytes.
verdict check_password(std::string_view v, std::string_view field = "password");
/// Guest display name: 1-64 Unicode code points of valid UTF-8, no control characters, not
/// only white space.
verdict check_display_name(std::string_view v, std::string_view field = "displayName");
/// Meeting title: 1-200 code points of printable UTF-8, not only white space.
verdict check_title(std::string_view v, std::string_view field = "title");
/// Meeting password: 4-1024 code points, at most 1024 bytes (docs/api.md "Meeting passwords").
verdict check_meeting_password(std::string_view v, std::string_view field = "password");
/// Chat text: 1-4000 code points of valid UTF-8 (newlines and tabs allowed, other control
/// characters not), not only white space.
verdict check_chat_text(std::string_view v, std::string_view field = "text");

/// Number of code points in valid UTF-8, or nullopt for invalid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view v);

}  // namespace parley::domain
