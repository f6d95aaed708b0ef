// IP address ranges ("10.0.0.0/8", "2001:db8::/32") and the address helpers the proxy rule
// and the rate limiters share (docs/deploy.md "Behind a proxy").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/net.hpp"

namespace parley::core {

/// One range: the network address (host bits cleared) and the prefix length.
struct cidr {
  net::ip::address network;
  unsigned prefix = 0;  ///< 0..32 for IPv4, 0..128 for IPv6
};

/// Parses an address, dropping an IPv4-mapped IPv6 form to plain IPv4 ("::ffff:1.2.3.4" ->
/// "1.2.3.4") so one client has one spelling. nullopt when `text` is not an address.
std::optional<net::ip::address> parse_address(std::string_view text);

/// Parses "ADDR/PREFIX" or a bare address (a single host). Host bits set in ADDR are an error
/// ("10.0.0.1/8" is refused: it usually means a typo). nullopt when not valid.
std::optional<cidr> parse_cidr(std::string_view text);

/// Parses a comma-separated list of ranges (spaces around items allowed, empty items are
/// errors). On error returns nullopt and sets `error` to one line naming the bad item.
std::optional<std::vector<cidr>> parse_cidr_list(std::string_view text, std::string& error);

/// Whether `a` lies in `range` (an IPv4 address never lies in an IPv6 range and the reverse;
/// mapped addresses are unmapped first).
bool contains(const cidr& range, const net::ip::address& a);
bool contains_any(const std::vector<cidr>& ranges, const net::ip::address& a);

/// The key one client is counted under by per-address limits: an IPv4 address as itself, an
/// IPv6 address as its /64 ("2001:db8:1:2::/64"), since one subscriber usually holds a whole
/// /64. Text that is not an address is returned unchanged.
std::string rate_limit_key(std::string_view address);

}  // namespace parley::core
