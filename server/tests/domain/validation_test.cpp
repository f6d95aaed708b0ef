#include "domain/validation.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::domain {
namespace {

// GCC 12 at -O2 reports false -Warray-bounds / -Wstringop-overflow inside std::string's copy when
// it inlines these initializer lists of long strings (GCC bug 105651).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif

struct text_case {
  std::string value;
  bool ok;
};

void expect_cases(verdict (*check)(std::string_view, std::string_view), const char* field,
                  const std::vector<text_case>& cases) {
  for (const auto& c : cases) {
    auto v = check(c.value, field);
    EXPECT_EQ(!v.has_value(), c.ok) << field << " '" << c.value << "'";
    if (v) {
      EXPECT_EQ(v->code, errc::invalid_field);
      EXPECT_EQ(v->field, field);
    }
  }
}

TEST(validation, usernames) {
  expect_cases(check_username, "username",
               {{"abc", true},
                {"A.b_c-9", true},
                {std::string(32, 'x'), true},
                {"ab", false},
                {std::string(33, 'x'), false},
                {"a b", false},
                {"al'ice", false},
                {"ålice", false},
                {"", false},
                {"a;--", false}});
}

TEST(validation, emails) {
  expect_cases(check_email, "email",
               {{"a@b.c", true},
                {"first.last+tag@example.co.uk", true},
                {"x@localhost", true},
                {"no-at-sign", false},
                {"@example.org", false},
                {"a@", false},
                {"a b@example.org", false},
                {"a@exa mple.org", false},
                {"a@.org", false},
                {"a@b..org", false},
                {std::string(250, 'a') + "@b.co", false},
                {"a@b@c.org", false},
                {"a\x01@b.org", false},
                {std::string(242, 'a') + "@example.org", true},  // 254: the contract's maximum
                {std::string(243, 'a') + "@example.org", false}});
}

TEST(validation, passwords_are_8_to_1024_bytes) {
  expect_cases(check_password, "password",
               {{"12345678", true},
                {std::string(1024, 'p'), true},
                {"1234567", false},
                {std::string(1025, 'p'), false}});
}

TEST(validation, display_names) {
  expect_cases(check_display_name, "displayName",
               {{"A", true},
                {"Zoë 🎉", true},
                {std::string(64, 'n'), true},
                {"\xE2\x9C\x93" + std::string(63, 'n'), true},  // 64 code points, 66 bytes
                {"", false},
                {"   ", false},
                {"\xC2\xA0\xE3\x80\x80", false},  // only spaces
                {std::string(65, 'n'), false},
                {"bad\nname", false},
                {"\xff\xfe", false},
                {"\xC0\xAF", false},       // overlong '/'
                {"\u202Eevil", false},     // right-to-left override
                {"a\u200Bb", false},       // zero-width space
                {"\u2066x\u2069", false},  // isolates
                {"x\U000E0001", false}});  // language tag
}

// docs/api.md "Meeting passwords": 4 to 1024 characters, at most 1024 bytes.
TEST(validation, meeting_passwords) {
  expect_cases(check_meeting_password, "password",
               {{"abcd", true},
                {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", true},  // 4 code points
                {"abc", false},
                {"\xC3\xA9\xC3\xA9\xC3\xA9", false},  // 3 code points, 6 bytes
                {std::string(1024, 'p'), true},
                {std::string(1025, 'p'), false}});
}

TEST(validation, titles_and_chat) {
  expect_cases(check_title, "title",
               {{"Standup", true}, {" ", false}, {"", false}, {std::string(201, 't'), false}});
  expect_cases(check_chat_text, "text",
               {{"hi", true},
                {"line one\nline two", true},
                {std::string(4000, 'x'), true},
                {"", false},
                {std::string(4001, 'x'), false},
                {"bell\x07", false}});
}

TEST(validation, utf8_length_counts_code_points) {
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("\xF0\x9F\x8E\x89"), 1u);
  EXPECT_EQ(utf8_length("\xED\xA0\x80"), std::nullopt);  // a surrogate
  EXPECT_EQ(utf8_length("\xF0\x9F\x8E"), std::nullopt);  // truncated
}

}  // namespace
}  // namespace parley::domain
