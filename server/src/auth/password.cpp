#include "auth/password.hpp"

#include <sodium.h>

#include <array>
#include <atomic>

namespace parley::auth {

namespace {
std::atomic<unsigned long long> runs{0};
}  // namespace

unsigned long long argon2_runs() {
  return runs.load(std::memory_order_relaxed);
}

std::string hash_password(std::string_view password, const hash_cost& cost) {
  runs.fetch_add(1, std::memory_order_relaxed);
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), cost.ops, cost.mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return {};
  return std::string(out.data());
}

bool verify_password(std::string_view encoded, std::string_view password) {
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  runs.fetch_add(1, std::memory_order_relaxed);
  std::array<char, crypto_pwhash_STRBYTES> str{};
  encoded.copy(str.data(), encoded.size());
  return crypto_pwhash_str_verify(str.data(), password.data(), password.size()) == 0;
}

void burn_verify_time(std::string_view password, const hash_cost& cost) {
  // A verification costs one hash with the stored parameters: hash once with ours.
  (void)hash_password(password, cost);
}

}  // namespace parley::auth
