// Table-driven tests of the range parser and the per-address key (docs/deploy.md).
#include "core/cidr.hpp"

#include <gtest/gtest.h>

namespace parley::core {
namespace {

struct cidr_case {
  const char* text;
  bool ok;
  const char* network;  // expected network when ok
  unsigned prefix;
};

TEST(CidrParse, Table) {
  const cidr_case cases[] = {
      {"10.0.0.0/8", true, "10.0.0.0", 8},
      {"127.0.0.1", true, "127.0.0.1", 32},
      {" 192.168.1.0/24 ", true, "192.168.1.0", 24},
      {"0.0.0.0/0", true, "0.0.0.0", 0},
      {"::1", true, "::1", 128},
      {"2001:db8::/32", true, "2001:db8::", 32},
      {"fd00::/8", true, "fd00::", 8},
      {"::/0", true, "::", 0},
      {"::ffff:10.1.2.3", true, "10.1.2.3", 32},
      {"10.0.0.1/8", false, "", 0},  // host bits set
      {"10.0.0.0/33", false, "", 0},
      {"2001:db8::/129", false, "", 0},
      {"10.0.0.0/", false, "", 0},
      {"10.0.0.0/-1", false, "", 0},
      {"10.0.0.0/8x", false, "", 0},
      {"10.0.0/8", false, "", 0},
      {"", false, "", 0},
      {"example.org", false, "", 0},
      {"300.1.1.1", false, "", 0},
  };
  for (const auto& c : cases) {
    auto r = parse_cidr(c.text);
    EXPECT_EQ(r.has_value(), c.ok) << c.text;
    if (r && c.ok) {
      EXPECT_EQ(r->network.to_string(), c.network) << c.text;
      EXPECT_EQ(r->prefix, c.prefix) << c.text;
    }
  }
}

TEST(CidrParse, ListNamesTheBadItem) {
  std::string error;
  auto ok = parse_cidr_list("127.0.0.1, 10.0.0.0/8,::1", error);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 3u);
  EXPECT_FALSE(parse_cidr_list("127.0.0.1,10.0.0.1/8", error));
  EXPECT_NE(error.find("'10.0.0.1/8'"), std::string::npos) << error;
  EXPECT_FALSE(parse_cidr_list("127.0.0.1,,::1", error));
  EXPECT_NE(error.find("empty"), std::string::npos) << error;
  EXPECT_FALSE(parse_cidr_list("", error));
}

struct contains_case {
  const char* range;
  const char* address;
  bool inside;
};

TEST(CidrContains, Table) {
  const contains_case cases[] = {
      {"10.0.0.0/8", "10.255.1.2", true},
      {"10.0.0.0/8", "11.0.0.1", false},
      {"192.168.1.128/25", "192.168.1.200", true},
      {"192.168.1.128/25", "192.168.1.127", false},
      {"127.0.0.1", "127.0.0.1", true},
      {"127.0.0.1", "127.0.0.2", false},
      {"0.0.0.0/0", "8.8.8.8", true},
      {"0.0.0.0/0", "::1", false},  // families never mix
      {"::/0", "10.0.0.1", false},
      {"127.0.0.0/8", "::ffff:127.0.0.5", true},  // mapped addresses are unmapped
      {"2001:db8::/32", "2001:db8:ffff::1", true},
      {"2001:db8::/32", "2001:db9::1", false},
      {"fe80::/10", "febf::1", true},
      {"fe80::/10", "fec0::1", false},
  };
  for (const auto& c : cases) {
    auto range = parse_cidr(c.range);
    auto addr = parse_address(c.address);
    ASSERT_TRUE(range && addr) << c.range << " " << c.address;
    EXPECT_EQ(contains(*range, *addr), c.inside) << c.range << " " << c.address;
  }
}

TEST(RateLimitKey, Table) {
  const std::pair<const char*, const char*> cases[] = {
      {"203.0.113.9", "203.0.113.9"},
      {"::ffff:203.0.113.9", "203.0.113.9"},
      {"2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"},
      {"2001:db8:1:2::1", "2001:db8:1:2::/64"},
      {"2001:db8:1:3::1", "2001:db8:1:3::/64"},
      {"::1", "::/64"},
      {"not an address", "not an address"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(rate_limit_key(in), out) << in;
}

}  // namespace
}  // namespace parley::core
