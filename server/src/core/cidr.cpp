#include "core/cidr.hpp"

#include <charconv>

namespace parley::core {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

net::ip::address unmap(const net::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return net::ip::make_address_v4(net::ip::v4_mapped, a.to_v6());
  return a;
}

/// The address's bytes in network order (4 or 16 of them).
std::vector<unsigned char> bytes_of(const net::ip::address& a) {
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    return {b.begin(), b.end()};
  }
  auto b = a.to_v6().to_bytes();
  return {b.begin(), b.end()};
}

net::ip::address address_of(const std::vector<unsigned char>& b) {
  if (b.size() == 4)
    return net::ip::address_v4(net::ip::address_v4::bytes_type{b[0], b[1], b[2], b[3]});
  net::ip::address_v6::bytes_type v6{};
  std::copy(b.begin(), b.end(), v6.begin());
  return net::ip::address_v6(v6);
}

/// Whether the first `prefix` bits of `a` and `b` agree (both the same length).
bool same_prefix(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b,
                 unsigned prefix) {
  for (std::size_t i = 0; i < a.size() && prefix > 0; ++i, prefix -= std::min(prefix, 8u)) {
    const unsigned bits = std::min(prefix, 8u);
    const auto mask = static_cast<unsigned char>(0xFF << (8 - bits));
    if ((a[i] & mask) != (b[i] & mask)) return false;
  }
  return true;
}

std::vector<unsigned char> masked(std::vector<unsigned char> b, unsigned prefix) {
  for (std::size_t i = 0; i < b.size(); ++i) {
    const unsigned keep = prefix >= 8 * (i + 1) ? 8 : (prefix > 8 * i ? prefix - 8 * i : 0);
    b[i] &= keep == 0 ? 0 : static_cast<unsigned char>(0xFF << (8 - keep));
  }
  return b;
}

}  // namespace

std::optional<net::ip::address> parse_address(std::string_view text) {
  error_code ec;
  auto a = net::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return unmap(a);
}

std::optional<cidr> parse_cidr(std::string_view text) {
  text = trim(text);
  const auto slash = text.find('/');
  auto a = parse_address(text.substr(0, slash));
  if (!a) return std::nullopt;
  const unsigned width = a->is_v4() ? 32 : 128;
  unsigned prefix = width;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
        prefix > width)
      return std::nullopt;
  }
  auto b = bytes_of(*a);
  if (masked(b, prefix) != b) return std::nullopt;
  return cidr{*a, prefix};
}

std::optional<std::vector<cidr>> parse_cidr_list(std::string_view text, std::string& error) {
  std::vector<cidr> out;
  for (;;) {
    const auto comma = text.find(',');
    const auto item = trim(text.substr(0, comma));
    auto range = parse_cidr(item);
    if (!range) {
      // Appended piece by piece: gcc 12 -O3 warns (stringop-overflow, a false positive) about
      // "'" + std::string(item), which broke the bench's Release build under -Werror.
      if (item.empty()) {
        error = "an empty item in the list";
      } else {
        error.assign(1, '\'');
        error.append(item);
        error.append("' is not an address or ADDRESS/PREFIX range with the host bits cleared");
      }
      return std::nullopt;
    }
    out.push_back(*range);
    if (comma == std::string_view::npos) return out;
    text.remove_prefix(comma + 1);
  }
}

bool contains(const cidr& range, const net::ip::address& a) {
  const auto u = unmap(a);
  if (u.is_v4() != range.network.is_v4()) return false;
  return same_prefix(bytes_of(range.network), bytes_of(u), range.prefix);
}

bool contains_any(const std::vector<cidr>& ranges, const net::ip::address& a) {
  for (const auto& r : ranges)
    if (contains(r, a)) return true;
  return false;
}

std::string rate_limit_key(std::string_view address) {
  auto a = parse_address(address);
  if (!a) return std::string(address);
  if (a->is_v4()) return a->to_string();
  return address_of(masked(bytes_of(*a), 64)).to_string() + "/64";
}

}  // namespace parley::core
