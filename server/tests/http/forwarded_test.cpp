// Table-driven tests of the proxy rule: which address is the client's, and when the request
// counts as TLS (docs/deploy.md "Behind a proxy").
#include "http/forwarded.hpp"

#include <gtest/gtest.h>

namespace parley::http {
namespace {

std::vector<core::cidr> ranges(std::string_view list) {
  std::string error;
  auto r = core::parse_cidr_list(list, error);
  EXPECT_TRUE(r) << error;
  return r ? *r : std::vector<core::cidr>{};
}

struct forwarded_case {
  const char* name;
  const char* trusted;  // empty: no --trust-proxy
  const char* peer;
  const char* xff;
  const char* proto;
  const char* client;
  bool secure;
};

TEST(ForwardedPeer, Table) {
  const forwarded_case cases[] = {
      {"no trust list: headers ignored", "", "127.0.0.1", "9.9.9.9", "https", "127.0.0.1", false},
      {"untrusted peer: headers ignored", "10.0.0.0/8", "203.0.113.5", "9.9.9.9", "https",
       "203.0.113.5", false},
      {"trusted peer: its client", "127.0.0.1", "127.0.0.1", "198.51.100.7", "https",
       "198.51.100.7", true},
      {"forged left part skipped", "127.0.0.1", "127.0.0.1", "1.1.1.1, 198.51.100.7", "http",
       "198.51.100.7", false},
      {"chain of trusted proxies", "127.0.0.1,10.0.0.0/8", "127.0.0.1",
       "1.1.1.1, 198.51.100.7, 10.0.0.3", "", "198.51.100.7", false},
      {"all hops trusted: the left-most", "10.0.0.0/8,127.0.0.1", "127.0.0.1", "10.0.0.9,10.0.0.3",
       "", "10.0.0.9", false},
      {"no header: the proxy itself", "127.0.0.1", "127.0.0.1", "", "", "127.0.0.1", false},
      {"garbage stops at last good hop", "127.0.0.1,10.0.0.0/8", "127.0.0.1",
       "198.51.100.7, junk, 10.0.0.3", "", "10.0.0.3", false},
      {"garbage alone: the proxy", "127.0.0.1", "127.0.0.1", "junk", "", "127.0.0.1", false},
      {"port on an IPv4 hop", "127.0.0.1", "127.0.0.1", "198.51.100.7:5555", "", "198.51.100.7",
       false},
      {"IPv6 hop, bracketed with port", "::1", "::1", "[2001:db8::7]:443", "HTTPS", "2001:db8::7",
       true},
      {"IPv6 hop, bare", "::1", "::1", "2001:db8::7", "", "2001:db8::7", false},
      {"mapped peer address", "127.0.0.1", "::ffff:127.0.0.1", "198.51.100.7", "", "198.51.100.7",
       false},
      {"right-most proto decides", "127.0.0.1", "127.0.0.1", "198.51.100.7", "https, http",
       "198.51.100.7", false},
      {"right-most proto https", "127.0.0.1", "127.0.0.1", "198.51.100.7", "http,https",
       "198.51.100.7", true},
  };
  for (const auto& c : cases) {
    const auto trusted = *c.trusted ? ranges(c.trusted) : std::vector<core::cidr>{};
    const peer got = forwarded_peer(peer{c.peer, false}, c.xff, c.proto, trusted);
    EXPECT_EQ(got.address, c.client) << c.name;
    EXPECT_EQ(got.secure, c.secure) << c.name;
  }
}

TEST(ForwardedPeer, DirectTlsStaysSecure) {
  const peer got =
      forwarded_peer(peer{"127.0.0.1", true}, "198.51.100.7", "http", ranges("127.0.0.1"));
  EXPECT_TRUE(got.secure);
}

// The handler applies the rule to each request, joining repeated header lines.
class recording_handler : public handler {
 public:
  void handle(request, const peer& from, responder) override { seen = from; }
  peer seen;
};

TEST(ForwardedHandler, JoinsRepeatedHeaderLines) {
  auto inner = std::make_shared<recording_handler>();
  forwarded_handler h(inner, ranges("127.0.0.1"));
  request req{bhttp::verb::get, "/api/me", 11};
  req.insert("X-Forwarded-For", "1.1.1.1");
  req.insert("X-Forwarded-For", "198.51.100.7");
  req.insert("X-Forwarded-Proto", "https");
  h.handle(req, peer{"127.0.0.1", false}, [](response) {});
  EXPECT_EQ(inner->seen.address, "198.51.100.7");
  EXPECT_TRUE(inner->seen.secure);
  h.handle(req, peer{"192.0.2.1", false}, [](response) {});
  EXPECT_EQ(inner->seen.address, "192.0.2.1");
  EXPECT_FALSE(inner->seen.secure);
}

}  // namespace
}  // namespace parley::http
