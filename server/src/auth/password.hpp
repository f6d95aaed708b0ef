// Argon2id password hashing (libsodium crypto_pwhash_str). CPU- and memory-hard on purpose:
// call only on the blocking pool, never on a network thread.
#pragma once

#include <string>
#include <string_view>

#include "auth/config.hpp"

namespace parley::auth {

/// The encoded Argon2id string (salt and parameters included); empty if out of memory.
std::string hash_password(std::string_view password, const hash_cost& cost);

/// Whether `password` matches `encoded` (constant-time inside libsodium). False for an empty
/// or malformed `encoded`.
bool verify_password(std::string_view encoded, std::string_view password);

/// Spends the time one verification takes, so that a login for an unknown user is not
/// measurably faster than a wrong password.
void burn_verify_time(std::string_view password, const hash_cost& cost);

/// Argon2 runs (hashes and verifications) this process made: tests check that two paths cost
/// the same number.
unsigned long long argon2_runs();

}  // namespace parley::auth
