#include "http/forwarded.hpp"

#include <algorithm>
#include <cctype>

namespace parley::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Splits off the right-most comma-separated item of `list` (trimmed).
std::string_view pop_back_item(std::string_view& list) {
  const auto comma = list.rfind(',');
  auto item = comma == std::string_view::npos ? list : list.substr(comma + 1);
  list = comma == std::string_view::npos ? std::string_view{} : list.substr(0, comma);
  return trim(item);
}

/// One X-Forwarded-For item: "1.2.3.4", "1.2.3.4:5678", "2001:db8::1" or "[2001:db8::1]:5678".
std::optional<net::ip::address> parse_hop(std::string_view item) {
  if (!item.empty() && item.front() == '[') {
    const auto close = item.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return core::parse_address(item.substr(1, close - 1));
  }
  if (std::count(item.begin(), item.end(), ':') == 1) item = item.substr(0, item.find(':'));
  return core::parse_address(item);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// Every line of header `name`, joined with commas (a proxy may add a line, not extend one).
std::string joined(const request& req, std::string_view name) {
  std::string out;
  for (auto [it, end] = req.equal_range(name); it != end; ++it) {
    if (!out.empty()) out += ',';
    out += it->value();
  }
  return out;
}

}  // namespace

peer forwarded_peer(const peer& direct, std::string_view x_forwarded_for,
                    std::string_view x_forwarded_proto, const std::vector<core::cidr>& trusted) {
  auto from = core::parse_address(direct.address);
  if (trusted.empty() || !from || !core::contains_any(trusted, *from)) return direct;
  peer out = direct;
  out.address = from->to_string();
  auto list = x_forwarded_for;
  while (!trim(list).empty()) {
    auto hop = parse_hop(pop_back_item(list));
    if (!hop) break;  // garbage: keep the last hop a trusted proxy vouched for
    out.address = hop->to_string();
    if (!core::contains_any(trusted, *hop)) break;
  }
  auto protos = x_forwarded_proto;
  if (!trim(protos).empty() && iequals(pop_back_item(protos), "https")) out.secure = true;
  return out;
}

forwarded_handler::forwarded_handler(std::shared_ptr<handler> inner,
                                     std::vector<core::cidr> trusted)
    : inner_(std::move(inner)), trusted_(std::move(trusted)) {}

peer forwarded_handler::resolve(const request& req, const peer& from) const {
  if (trusted_.empty()) return from;
  return forwarded_peer(from, joined(req, "X-Forwarded-For"), joined(req, "X-Forwarded-Proto"),
                        trusted_);
}

std::size_t forwarded_handler::body_limit(const bhttp::request_header<>& header) const {
  return inner_->body_limit(header);
}

std::shared_ptr<void> forwarded_handler::on_header(const bhttp::request_header<>& header) {
  return inner_->on_header(header);
}

void forwarded_handler::handle(request req, const peer& from, responder respond) {
  const peer client = resolve(req, from);
  inner_->handle(std::move(req), client, std::move(respond));
}

bool forwarded_handler::wants_upgrade(const request& req) const {
  return inner_->wants_upgrade(req);
}

void forwarded_handler::upgrade(request req, const peer& from, connection conn) {
  const peer client = resolve(req, from);
  inner_->upgrade(std::move(req), client, std::move(conn));
}

}  // namespace parley::http
