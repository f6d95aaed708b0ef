#include "auth/ids.hpp"

#include <gtest/gtest.h>

#include <set>

#include "auth/password.hpp"
#include "domain/config.hpp"

namespace parley::auth {
namespace {

TEST(ids, meeting_ids_have_the_contract_shape_and_do_not_repeat) {
  ASSERT_TRUE(init_crypto());
  std::set<std::string> seen;
  std::set<char> chars;
  for (int i = 0; i < 20000; ++i) {
    auto id = new_meeting_id();
    ASSERT_TRUE(is_meeting_id(id)) << id;
    ASSERT_TRUE(seen.insert(id).second) << "repeated " << id;
    for (char c : id) chars.insert(c);
  }
  EXPECT_EQ(chars.size(), 37u);  // all of [a-z0-9] plus '-': uniform over the alphabet
}

TEST(ids, meeting_id_shape_is_checked_exactly) {
  for (auto bad : {"", "kfq7-trmx-2pa", "kfq7-trmx-2pa9x", "KFQ7-trmx-2pa9", "kfq7_trmx_2pa9",
                   "kfq7-trmx-2pa!", "kfq7trmx2pa9ab", "../../etc/pas"})
    EXPECT_FALSE(is_meeting_id(bad)) << bad;
  EXPECT_TRUE(is_meeting_id("kfq7-trmx-2pa9"));
}

TEST(ids, tokens_are_256_bits_and_stored_as_sha256) {
  ASSERT_TRUE(init_crypto());
  auto a = new_token(), b = new_token();
  EXPECT_EQ(a.size(), 43u);  // base64url of 32 bytes, no padding
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(token_hash(a).size(), 64u);
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(b));
  // SHA-256("abc")
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(new_user_id(), new_user_id());
}

TEST(password, argon2id_hashes_verify_and_are_salted) {
  ASSERT_TRUE(init_crypto());
  hash_cost cheap{1, 8192};
  auto h1 = hash_password("correct horse", cheap), h2 = hash_password("correct horse", cheap);
  EXPECT_TRUE(h1.starts_with("$argon2id$")) << h1;
  EXPECT_NE(h1, h2);
  EXPECT_TRUE(verify_password(h1, "correct horse"));
  EXPECT_FALSE(verify_password(h1, "correct horsE"));
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_FALSE(verify_password("garbage", "x"));
}

}  // namespace
}  // namespace parley::auth
