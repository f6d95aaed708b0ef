// Fuzzes the REST request handling end to end (routing, bearer parsing, JSON bodies, field
// validation, the services and a real SQLite store): the input is a raw HTTP request. The
// placeholders TOKEN and MEETING in it are replaced by a live token and meeting id, so the
// fuzzer reaches the authenticated handlers. Every answer must be a well-formed response, and
// every 4xx/5xx must carry the contract's error JSON.
#include <boost/json/parse.hpp>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>

#include "api/api_handler.hpp"
#include "store/open.hpp"

namespace {

using namespace parley;

struct world {
  metrics::registry reg;
  std::shared_ptr<domain::services> svc;
  std::unique_ptr<api::api_handler> api;
  std::string token, meeting;

  world() {
    auto db = store::open_store("sqlite::memory:");
    if (!db.value) std::abort();
    domain::config cfg;
    cfg.password_cost = {1, 8192};
    cfg.logins.per_login = 1'000'000;  // keep exploring past the limiter
    cfg.logins.per_address = 1'000'000;
    svc = std::make_shared<domain::services>(std::move(db.value), cfg);
    api = std::make_unique<api::api_handler>(svc, reg);
    auto in = svc->account_service().register_user("fuzzer", "fuzz@example.org", "password1");
    if (!in) std::abort();
    token = in->token;
    meeting = svc->meeting_service().create(in->who.user.id, "fuzz", "pass")->meeting_id;
  }

  // Sign-out and end-meeting inputs use up the token and the meeting: make fresh ones.
  void refresh() {
    auto& acc = svc->account_service();
    auto who = acc.authenticate(token);
    if (!who) {
      auto in = acc.sign_in("fuzzer", "password1", "fuzz");
      if (!in) std::abort();
      token = in->token;
      who = in->who;
    }
    if (!svc->meeting_service().get(meeting)->active())
      meeting = svc->meeting_service().create(who->user.id, "fuzz", "pass")->meeting_id;
  }

  http::response serve(http::request req) {
    auto p = std::make_shared<std::promise<http::response>>();
    auto f = p->get_future();
    api->handle(std::move(req), {"127.0.0.1", false},
                [p](http::response r) { p->set_value(std::move(r)); });
    return f.get();
  }
};

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static world w;
  std::string raw(reinterpret_cast<const char*>(data), size);
  replace_all(raw, "TOKEN", w.token);
  replace_all(raw, "MEETING", w.meeting);

  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.body_limit(64 * 1024);
  parley::error_code ec;
  parser.put(net::buffer(raw), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;

  auto res = w.serve(parser.release());
  const unsigned status = res.result_int();
  w.refresh();
  if (status < 200 || status > 599) std::abort();
  if (status >= 400) {
    boost::json::error_code jec;
    auto v = boost::json::parse(res.body(), jec);
    if (jec || !v.is_object()) std::abort();
    auto* err = v.as_object().if_contains("error");
    if (!err || !err->is_object() || !err->as_object().contains("code") ||
        !err->as_object().contains("message"))
      std::abort();
  }
  return 0;
}
