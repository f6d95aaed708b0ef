#include "loadgen/parley_rooms.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>

#include "loadgen/sio_client.hpp"

namespace parley::bench {

parley_rooms::parley_rooms(tcp::endpoint server, std::size_t guests, bool tls)
    : socket_(io_), server_(server), guests_(guests == 0 ? 1 : guests), tls_(tls) {}

bool parley_rooms::prepare(std::size_t rooms) try {
  while (tokens_.size() < guests_) {
    const auto name = "bench-" + std::to_string(tokens_.size());
    auto answer = post("/api/guests", {{"displayName", name}}, {});
    if (!answer) return false;
    tokens_.emplace_back(answer->at("token").as_string());
  }
  while (meetings_.size() < rooms) {
    const auto title = "bench room " + std::to_string(meetings_.size());
    auto answer = post("/api/meetings", {{"title", title}}, tokens_.front());
    if (!answer) return false;
    meetings_.emplace_back(answer->at("meeting").at("meetingId").as_string());
  }
  return true;
} catch (const std::exception& e) {  // an answer without the contract's fields
  std::cerr << "parley_rooms: unexpected answer: " << e.what() << "\n";
  return false;
}

std::optional<json::value> parley_rooms::post(std::string_view path, const json::object& body,
                                              const std::string& token) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, path, 11};
  req.set(bhttp::field::host, server_.address().to_string());
  req.set(bhttp::field::content_type, "application/json");
  if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
  req.body() = json::serialize(body);
  req.prepare_payload();
  bhttp::response<bhttp::string_body> res;
  bool done = false;
  for (int attempt = 0; attempt < 2 && !done && tls_; ++attempt) {
    error_code ec;
    net::ssl::stream<tcp::socket> s(io_, sio_client::tls_context());
    s.next_layer().connect(server_, ec);
    if (!ec) s.handshake(net::ssl::stream_base::client, ec);
    beast::flat_buffer buffer;
    res = {};
    if (!ec) bhttp::write(s, req, ec);
    if (!ec) bhttp::read(s, buffer, res, ec);
    done = !ec;
  }
  for (int attempt = 0; attempt < 2 && !done && !tls_; ++attempt) {  // again on a fresh connection
    error_code ec;
    if (!socket_.is_open()) socket_.connect(server_, ec);
    beast::flat_buffer buffer;
    res = {};
    if (!ec) bhttp::write(socket_, req, ec);
    if (!ec) bhttp::read(socket_, buffer, res, ec);
    if (ec) socket_.close(ec);
    done = !ec;
  }
  if (!done || res.result_int() / 100 != 2) {
    std::cerr << "parley_rooms: POST " << path << " -> " << (done ? res.result_int() : 0) << " "
              << res.body() << "\n";
    return std::nullopt;
  }
  error_code ec;
  if (!res.keep_alive()) socket_.close(ec);
  json::value parsed = json::parse(res.body(), ec);
  if (ec) return std::nullopt;
  return parsed;
}

}  // namespace parley::bench
