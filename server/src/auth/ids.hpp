// Random identifiers and bearer tokens. All randomness comes from libsodium's CSPRNG
// (randombytes_*), which needs sodium_init() (done by services; tests call init_crypto()).
#pragma once

#include <string>
#include <string_view>

namespace parley::auth {

/// sodium_init(); idempotent, thread-safe. Returns false if libsodium cannot initialise.
bool init_crypto();

/// "kfq7-trmx-2pa9": 12 characters of [a-z0-9] (uniform, 36^12 ~ 2^62) in groups of four.
std::string new_meeting_id();
/// Whether `v` has exactly the meeting id shape (anything else is 404 not_found).
bool is_meeting_id(std::string_view v);

/// "u" + 20 characters of [a-z0-9] (~103 bits): unguessable, so ids can appear in URLs/logs.
std::string new_user_id();
/// A recording id: "r" + 20 random characters (docs/recording.md).
std::string new_recording_id();

/// A bearer token: 256 random bits, base64url without padding (43 characters).
std::string new_token();
/// Hex SHA-256 of a token: what the store keeps and what identity::session_id is.
std::string token_hash(std::string_view token);

}  // namespace parley::auth
