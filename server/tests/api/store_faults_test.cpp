// The REST API when the store fails (docs/api.md, "Errors"; docs/testing.md, "Faulty store"):
// the handlers answer 503 `internal_error` with no detail, never a 4xx that would blame the
// client (a failing token lookup is not a 401), and recover as soon as the store does.
#include "api_fixture.hpp"

namespace parley::api::testing {
namespace {

using bhttp::verb;
using store::method;

/// A well-formed bearer token no session has: looking it up needs the store.
const std::string unknown_token(43, 'A');

void expect_unavailable(const result& r, const std::string& what) {
  EXPECT_EQ(r.status(), 503u) << what << ": " << r.res.body();
  EXPECT_EQ(r.code(), "internal_error") << what;
  EXPECT_EQ(r.json.at("error").as_object().size(), 2u) << what << ": code and message only";
  EXPECT_EQ(r.res[bhttp::field::content_type], "application/json") << what;
}

TEST_F(api_test, every_route_answers_503_while_the_store_is_down) {
  const auto host = register_user("host");
  const auto id = create_meeting(host);
  faults_->fail_all();
  expect_unavailable(send(verb::get, "/healthz"), "healthz");
  expect_unavailable(send(verb::post, "/api/users",
                          R"({"username":"bob","email":"bob@example.org","password":"password1"})"),
                     "register");
  expect_unavailable(send(verb::post, "/api/guests", R"({"displayName":"G"})"), "guest");
  expect_unavailable(
      send(verb::post, "/api/sessions", R"({"login":"host","password":"password-host"})"),
      "sign in");
  expect_unavailable(send(verb::get, "/api/me", {}, unknown_token), "unknown token");
  expect_unavailable(send(verb::post, "/api/meetings", "{}", host), "create meeting");
  expect_unavailable(send(verb::get, "/api/meetings", {}, host), "history");
  expect_unavailable(send(verb::get, "/api/meetings/" + id, {}, host), "meeting");
  expect_unavailable(send(verb::post, "/api/meetings/" + id + "/join", "{}", host), "join");
  expect_unavailable(send(verb::get, "/api/meetings/" + id + "/messages", {}, host), "messages");
  expect_unavailable(send(verb::post, "/api/meetings/" + id + "/end", {}, host), "end");
  expect_unavailable(send(verb::get, "/api/meetings/" + id + "/attendance", {}, host),
                     "attendance");
  expect_unavailable(send(verb::patch, "/api/me", R"({"displayName":"hoster"})", host), "rename");
  expect_unavailable(send(verb::post, "/api/me/password",
                          R"({"oldPassword":"password-host","newPassword":"password-new"})", host),
                     "change password");
  expect_unavailable(send(verb::delete_, "/api/me", {}, host), "delete account");
  EXPECT_GE(faults_->failures(), 14u);

  faults_->heal();
  EXPECT_EQ(send(verb::get, "/healthz").status(), 200u);
  EXPECT_EQ(send(verb::get, "/api/me", {}, unknown_token).status(), 401u);
  EXPECT_EQ(send(verb::post, "/api/meetings/" + id + "/end", {}, host).status(), 200u);
}

TEST_F(api_test, one_failing_method_fails_only_the_routes_that_need_it) {
  const auto host = register_user("host");
  const auto id = create_meeting(host);
  faults_->fail(method::create_meeting);
  expect_unavailable(send(verb::post, "/api/meetings", "{}", host), "create meeting");
  EXPECT_EQ(send(verb::get, "/api/meetings/" + id, {}, host).status(), 200u);
  EXPECT_EQ(send(verb::get, "/api/meetings", {}, host).status(), 200u);
  faults_->fail(method::record_attendance);
  expect_unavailable(send(verb::post, "/api/meetings/" + id + "/join", "{}", host), "join");
  auto seen = send(verb::get, "/api/meetings/" + id, {}, host);
  EXPECT_TRUE(seen.json.at("meeting").at("participants").as_array().empty()) << "nothing stored";
  faults_->heal();
  EXPECT_EQ(send(verb::post, "/api/meetings/" + id + "/join", "{}", host).status(), 200u);
}

TEST_F(api_test, the_history_and_settings_routes_fail_on_their_own_methods_only) {
  const auto host = register_user("host");
  const auto id = create_meeting(host);
  ASSERT_EQ(send(verb::post, "/api/meetings/" + id + "/join", "{}", host).status(), 200u);
  faults_->fail(method::stays_of);
  expect_unavailable(send(verb::get, "/api/meetings/" + id + "/attendance", {}, host),
                     "attendance");
  EXPECT_EQ(send(verb::get, "/api/meetings/" + id + "/messages", {}, host).status(), 200u);
  faults_->fail(method::rename_user);
  expect_unavailable(send(verb::patch, "/api/me", R"({"displayName":"hoster"})", host), "rename");
  faults_->fail(method::delete_user);
  expect_unavailable(send(verb::delete_, "/api/me", {}, host), "delete account");
  EXPECT_EQ(send(verb::get, "/api/me", {}, host).json.at("user").at("username"), "host")
      << "nothing renamed or deleted";
  faults_->heal();
  EXPECT_EQ(send(verb::get, "/api/meetings/" + id + "/attendance", {}, host).status(), 200u);
  EXPECT_EQ(send(verb::delete_, "/api/me", {}, host).status(), 204u);
  EXPECT_EQ(send(verb::get, "/api/me", {}, host).status(), 401u);
}

TEST_F(api_test, a_single_failed_call_fails_one_request_and_the_next_succeeds) {
  const auto host = register_user("host");
  faults_->fail_nth(1);
  expect_unavailable(send(verb::post, "/api/meetings", R"({"title":"A"})", host), "first try");
  auto again = send(verb::post, "/api/meetings", R"({"title":"A"})", host);
  EXPECT_EQ(again.status(), 201u) << again.res.body();
  EXPECT_EQ(faults_->failures(), 1u);
}

/// Sum of the `parley_http_requests_total{...,status="5xx"}` samples in a /metrics page.
double server_errors(const std::string& page) {
  double sum = 0;
  std::size_t at = 0;
  while ((at = page.find("parley_http_requests_total{", at)) != std::string::npos) {
    const auto eol = page.find('\n', at);
    const auto line = page.substr(at, eol - at);
    if (line.find("status=\"5xx\"") != std::string::npos)
      sum += std::stod(line.substr(line.rfind(' ') + 1));
    at = eol;
  }
  return sum;
}

TEST_F(api_test, store_failures_count_as_server_errors_in_the_metrics) {
  const double before = server_errors(send(verb::get, "/metrics").res.body());
  faults_->fail_all();
  expect_unavailable(send(verb::get, "/api/me", {}, unknown_token), "unknown token");
  faults_->heal();
  EXPECT_EQ(server_errors(send(verb::get, "/metrics").res.body()) - before, 1.0);
}

}  // namespace
}  // namespace parley::api::testing
