// The REST handler in-process: real services over SQLite in a temp dir, requests through
// http::handler::handle, responses awaited on a future.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "api/api_handler.hpp"
#include "store/open.hpp"

namespace parley::api::testing {

struct result {
  http::response res;
  boost::json::value json;  ///< parsed body (null when empty or not JSON)
  unsigned status() const { return res.result_int(); }
  std::string code() const {
    auto* e = json.is_object() ? json.as_object().if_contains("error") : nullptr;
    return e ? std::string(e->as_object().at("code").as_string()) : "";
  }
  std::string field() const {
    auto* e = json.is_object() ? json.as_object().if_contains("error") : nullptr;
    auto* f = e ? e->as_object().if_contains("field") : nullptr;
    return f ? std::string(f->as_string()) : "";
  }
};

class api_test : public ::testing::Test {
 protected:
  void SetUp() override { start({}); }
  void TearDown() override {
    handler_.reset();
    if (svc_) svc_->shutdown();
    svc_.reset();
    std::filesystem::remove_all(dir_);
  }

  void start(options opts, domain::turn_config turn = {}) {
    dir_ = std::filesystem::temp_directory_path() /
           ("parley-api-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto db = store::open_store("sqlite:" + (dir_ / "db").string());
    ASSERT_TRUE(db.value) << db.error;
    domain::config cfg;
    cfg.password_cost = {1, 8192};
    cfg.turn = std::move(turn);
    svc_ = std::make_shared<domain::services>(std::move(db.value), cfg);
    handler_ = std::make_unique<api_handler>(svc_, reg_, std::move(opts));
  }

  result send(bhttp::verb method, std::string target, std::optional<std::string> body = {},
              std::string token = {}, std::string origin = {}) {
    http::request req{method, target, 11};
    if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
    if (!origin.empty()) req.set(bhttp::field::origin, origin);
    if (body) {
      req.set(bhttp::field::content_type, "application/json");
      req.body() = *body;
    }
    req.prepare_payload();
    std::promise<http::response> p;
    auto f = p.get_future();
    auto shared = std::make_shared<std::promise<http::response>>(std::move(p));
    handler_->handle(std::move(req), {"127.0.0.1", false},
                     [shared](http::response r) { shared->set_value(std::move(r)); });
    result out{f.get(), nullptr};
    boost::json::error_code ec;
    if (!out.res.body().empty()) out.json = boost::json::parse(out.res.body(), ec);
    return out;
  }

  /// Registers `name` and returns its token.
  std::string register_user(const std::string& name) {
    auto r = send(bhttp::verb::post, "/api/users",
                  R"({"username":")" + name + R"(","email":")" + name +
                      R"(@example.org","password":"password-)" + name + R"("})");
    EXPECT_EQ(r.status(), 201u) << r.res.body();
    return std::string(r.json.at("token").as_string());
  }

  std::string create_meeting(const std::string& token, const std::string& body = "{}") {
    auto r = send(bhttp::verb::post, "/api/meetings", body, token);
    EXPECT_EQ(r.status(), 201u) << r.res.body();
    return std::string(r.json.at("meeting").at("meetingId").as_string());
  }

  std::filesystem::path dir_;
  metrics::registry reg_;
  std::shared_ptr<domain::services> svc_;
  std::unique_ptr<api_handler> handler_;
};

}  // namespace parley::api::testing
