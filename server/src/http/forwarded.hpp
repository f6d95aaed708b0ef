// The proxy rule (docs/deploy.md "Behind a proxy"): only a direct peer inside a trusted range
// may say who the client is (X-Forwarded-For) and that the client used TLS
// (X-Forwarded-Proto: https). From anyone else both headers are ignored.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/cidr.hpp"
#include "http/handler.hpp"

namespace parley::http {

/// The client as the trusted proxies saw it. `direct` is the TCP peer. When it lies in
/// `trusted`, X-Forwarded-For is read right to left and its first address outside `trusted`
/// is the client (all of them trusted: the left-most; an item that is not an address stops
/// the walk at the last good one), and X-Forwarded-Proto's right-most value "https" marks the
/// request secure. Otherwise `direct` is returned unchanged.
peer forwarded_peer(const peer& direct, std::string_view x_forwarded_for,
                    std::string_view x_forwarded_proto, const std::vector<core::cidr>& trusted);

/// A handler that applies forwarded_peer() to every request and upgrade, then hands on to
/// `inner`. With an empty `trusted` list it is a plain pass-through.
class forwarded_handler : public handler {
 public:
  forwarded_handler(std::shared_ptr<handler> inner, std::vector<core::cidr> trusted);

  std::size_t body_limit(const bhttp::request_header<>& header) const override;
  std::shared_ptr<void> on_header(const bhttp::request_header<>& header) override;
  void handle(request req, const peer& from, responder respond) override;
  bool wants_upgrade(const request& req) const override;
  void upgrade(request req, const peer& from, connection conn) override;

 private:
  peer resolve(const request& req, const peer& from) const;

  std::shared_ptr<handler> inner_;
  std::vector<core::cidr> trusted_;
};

}  // namespace parley::http
