// Rooms and tokens made through Parley's REST API (docs/api.md): a pool of guests
// (`POST /api/guests`) whose tokens clients take in turn, and one meeting per room
// (`POST /api/meetings`, hosted by the first guest). Blocking HTTP/1.1 over one keep-alive
// loopback connection: it runs only before a scenario's clock starts.
#pragma once

#include <optional>

#include "core/net.hpp"
#include "loadgen/room_source.hpp"

namespace parley::bench {

class parley_rooms final : public room_source {
 public:
  // `guests`: how many distinct users the clients are spread over.
  // `tls`: over https (a connection per request; this runs before the clock starts).
  parley_rooms(tcp::endpoint server, std::size_t guests, bool tls = false);

  bool prepare(std::size_t rooms) override;
  const std::string& room(std::size_t index) const override { return meetings_.at(index); }
  const std::string& token(std::size_t client) const override {
    return tokens_.at(client % tokens_.size());
  }

 private:
  // POSTs `body` to `path`; returns the parsed JSON body of a 2xx answer.
  std::optional<json::value> post(std::string_view path, const json::object& body,
                                  const std::string& token);

  net::io_context io_;
  tcp::socket socket_;
  tcp::endpoint server_;
  std::size_t guests_;
  bool tls_;
  std::vector<std::string> tokens_;
  std::vector<std::string> meetings_;
};

}  // namespace parley::bench
