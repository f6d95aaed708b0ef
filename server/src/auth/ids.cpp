#include "auth/ids.hpp"

#include <sodium.h>

#include <array>

namespace parley::auth {

namespace {

constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

std::string random_chars(std::size_t n) {
  std::string out(n, ' ');
  for (auto& ch : out) ch = alphabet[randombytes_uniform(static_cast<uint32_t>(alphabet.size()))];
  return out;
}

bool in_alphabet(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

bool init_crypto() {
  return sodium_init() >= 0;
}

std::string new_meeting_id() {
  return random_chars(4) + "-" + random_chars(4) + "-" + random_chars(4);
}

bool is_meeting_id(std::string_view v) {
  if (v.size() != 14 || v[4] != '-' || v[9] != '-') return false;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (i != 4 && i != 9 && !in_alphabet(v[i])) return false;
  return true;
}

std::string new_user_id() {
  return "u" + random_chars(20);
}

std::string new_recording_id() {
  return "r" + random_chars(20);
}

std::string new_token() {
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> b64{};
  sodium_bin2base64(b64.data(), b64.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw.data(), raw.size());
  return std::string(b64.data());
}

std::string token_hash(std::string_view token) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

}  // namespace parley::auth
