// libFuzzer target for the Engine.IO HTTP path (docs/protocol.md "Fuzzing"): the input is a
// raw HTTP request (polling GET or POST with its query and body, an OPTIONS, anything) for an
// Engine.IO server with an echo listener. The placeholder SID in it is replaced by the id of
// a session opened just before, so the fuzzer reaches the polling transport of a live
// session. Every answer must be a well-formed response; every 4xx/5xx must carry the
// reference server's error JSON {"code": n, "message": "..."}. Each input gets a fresh
// io_context and server, run on this thread until no work is left (held GETs stay held).
#include <boost/json/parse.hpp>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engineio/server.hpp"
#include "engineio/socket.hpp"

namespace {

using namespace parley;

void check(bool ok) {
  if (!ok) std::abort();
}

class echo final : public engineio::socket_listener {
 public:
  explicit echo(std::weak_ptr<engineio::socket> s) : socket_(std::move(s)) {}
  void on_message(std::string_view data, bool binary) override {
    if (auto s = socket_.lock())
      s->send(binary ? engineio::binary_message(std::string(data))
                     : engineio::text_message(std::string(data)));
  }
  void on_close(std::string_view) override {}

 private:
  std::weak_ptr<engineio::socket> socket_;
};

/// Checks one answer against the contract of the HTTP path.
void check_response(const http::response& res) {
  const unsigned status = res.result_int();
  check(status >= 200 && status <= 599);
  if (status < 400 || res.body().empty()) return;
  boost::json::error_code ec;
  auto v = boost::json::parse(res.body(), ec);
  check(!ec && v.is_object());
  const auto& o = v.as_object();
  check(o.contains("code") && o.at("code").is_int64() && o.contains("message"));
}

std::optional<http::request> parse(const std::string& raw) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.body_limit(1'000'000);
  error_code ec;
  parser.put(net::buffer(raw), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return std::nullopt;
  return parser.release();
}

struct world {
  net::io_context ioc{1};
  engineio::options opts;
  std::shared_ptr<engineio::server> eio;
  std::vector<http::response> answers;

  world() {
    opts.path = "/engine.io/";
    opts.one_thread = true;
    eio = std::make_shared<engineio::server>(ioc.get_executor(), opts);
    eio->on_connection(
        [](std::shared_ptr<engineio::socket> s) { s->set_listener(std::make_shared<echo>(s)); });
  }
  ~world() {
    eio->shutdown();
    ioc.poll();
  }

  void serve(http::request req) {
    eio->handle(std::move(req), {"127.0.0.1", false},
                [this](http::response r) { answers.push_back(std::move(r)); });
    ioc.poll();
  }

  /// Opens a polling session; its sid.
  std::string handshake() {
    http::request req{bhttp::verb::get, "/engine.io/?EIO=4&transport=polling", 11};
    serve(std::move(req));
    check(!answers.empty() && answers.back().result_int() == 200);
    const std::string& body = answers.back().body();
    const auto at = body.find("\"sid\":\"");
    check(at != std::string::npos);
    return body.substr(at + 7, body.find('"', at + 7) - at - 7);
  }
};

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string raw(reinterpret_cast<const char*>(data), size);
  world w;
  replace_all(raw, "SID", w.handshake());
  w.answers.clear();
  auto req = parse(raw);
  if (!req) return 0;
  w.serve(std::move(*req));
  for (const auto& res : w.answers) check_response(res);
  return 0;
}
