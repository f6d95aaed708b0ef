// Signed links (docs/recording.md "Links to the file"): valid for their subject and expiry
// only, until they expire, and only with the key that signed them.
#include "auth/signed_link.hpp"

#include <gtest/gtest.h>

namespace parley::auth {
namespace {

constexpr std::string_view key = "k3y-of-the-deployment";
constexpr std::int64_t expires = 1'800'000'000;

TEST(signed_link, is_base64url_without_padding_and_stable) {
  const auto sig = link_signature(key, "recording-file:r1", expires);
  EXPECT_EQ(sig.size(), 43u);  // 32 bytes of HMAC-SHA256
  EXPECT_EQ(
      sig.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(sig, link_signature(key, "recording-file:r1", expires));
}

TEST(signed_link, opens_only_its_subject_until_it_expires) {
  const auto sig = link_signature(key, "recording-file:r1", expires);
  EXPECT_TRUE(link_valid(key, "recording-file:r1", expires, sig, expires - 1));
  EXPECT_FALSE(link_valid(key, "recording-file:r1", expires, sig, expires));
  EXPECT_FALSE(link_valid(key, "recording-file:r2", expires, sig, expires - 1));
  EXPECT_FALSE(link_valid(key, "recording-file:r1", expires + 3600, sig, expires - 1))
      << "a later expiry is not covered by the signature";
  EXPECT_FALSE(link_valid("another key", "recording-file:r1", expires, sig, expires - 1));
}

TEST(signed_link, rejects_altered_and_odd_signatures) {
  auto sig = link_signature(key, "recording-file:r1", expires);
  for (const std::string& bad : {std::string(), sig.substr(1), sig + "A", std::string(43, 'A')})
    EXPECT_FALSE(link_valid(key, "recording-file:r1", expires, bad, expires - 1)) << bad;
  sig[5] = sig[5] == 'x' ? 'y' : 'x';
  EXPECT_FALSE(link_valid(key, "recording-file:r1", expires, sig, expires - 1));
}

}  // namespace
}  // namespace parley::auth
