// Routes requests by path prefix to handlers; the longest matching prefix wins, the fallback
// takes the rest. Immutable once the server starts, so it needs no lock.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "http/handler.hpp"

namespace parley::http {

class router final : public handler {
 public:
  /// Targets starting with `prefix` ("/socket.io/", "/api/") go to `h`.
  void mount(std::string prefix, std::shared_ptr<handler> h);
  /// Everything else (the static web client). Without one: 404.
  void set_fallback(std::shared_ptr<handler> h);

  std::size_t body_limit(const bhttp::request_header<>& header) const override;
  std::shared_ptr<void> on_header(const bhttp::request_header<>& header) override;
  void handle(request req, const peer& from, responder respond) override;
  bool wants_upgrade(const request& req) const override;
  void upgrade(request req, const peer& from, connection conn) override;

 private:
  handler* find(std::string_view target) const;
  std::vector<std::pair<std::string, std::shared_ptr<handler>>> routes_;
  std::shared_ptr<handler> fallback_;
};

}  // namespace parley::http
