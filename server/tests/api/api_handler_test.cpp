#include "api_fixture.hpp"

namespace parley::api::testing {
namespace {

using bhttp::verb;

TEST_F(api_test, register_sign_in_me_sign_out) {
  auto r = send(verb::post, "/api/users",
                R"({"username":"Alice","email":"alice@example.org","password":"password1","x":1})");
  ASSERT_EQ(r.status(), 201u) << r.res.body();
  const auto& user = r.json.at("user").as_object();
  EXPECT_EQ(user.at("username"), "Alice");
  EXPECT_EQ(user.at("email"), "alice@example.org");
  EXPECT_EQ(user.at("guest"), false);
  EXPECT_EQ(user.at("createdAt").as_string().size(), 24u);
  EXPECT_FALSE(user.contains("password"));
  EXPECT_FALSE(user.contains("passwordHash"));
  EXPECT_EQ(r.res[bhttp::field::cache_control], "no-store");
  EXPECT_EQ(r.res[bhttp::field::content_type], "application/json");

  auto login =
      send(verb::post, "/api/sessions", R"({"login":"alice@EXAMPLE.org","password":"password1"})");
  ASSERT_EQ(login.status(), 200u);
  std::string token(login.json.at("token").as_string());
  auto me = send(verb::get, "/api/me", {}, token);
  ASSERT_EQ(me.status(), 200u);
  EXPECT_EQ(me.json.at("user").at("id"), user.at("id"));

  auto out = send(verb::delete_, "/api/sessions", {}, token);
  EXPECT_EQ(out.status(), 204u);
  EXPECT_TRUE(out.res.body().empty());
  auto after = send(verb::get, "/api/me", {}, token);
  EXPECT_EQ(after.status(), 401u);
  EXPECT_EQ(after.code(), "unauthorized");
  EXPECT_EQ(after.res[bhttp::field::www_authenticate], "Bearer");
}

TEST_F(api_test, meeting_lifecycle) {
  auto host = register_user("host"), guest_tok = std::string();
  auto g = send(verb::post, "/api/guests", R"({"displayName":"Visitor 🎉"})");
  ASSERT_EQ(g.status(), 201u);
  EXPECT_EQ(g.json.at("user").at("guest"), true);
  EXPECT_FALSE(g.json.at("user").as_object().contains("email"));
  guest_tok = std::string(g.json.at("token").as_string());

  auto created =
      send(verb::post, "/api/meetings", R"({"title":"Standup","password":"pass"})", host);
  ASSERT_EQ(created.status(), 201u);
  const auto& m = created.json.at("meeting").as_object();
  std::string id(m.at("meetingId").as_string());
  EXPECT_EQ(m.at("title"), "Standup");
  EXPECT_EQ(m.at("hasPassword"), true);
  EXPECT_EQ(m.at("status"), "active");
  EXPECT_TRUE(m.at("endedAt").is_null());
  EXPECT_TRUE(m.at("participants").as_array().empty());

  auto seen = send(verb::get, "/api/meetings/" + id, {}, guest_tok);
  EXPECT_EQ(seen.status(), 200u);
  auto joined =
      send(verb::post, "/api/meetings/" + id + "/join", R"({"password":"pass"})", guest_tok);
  ASSERT_EQ(joined.status(), 200u);
  EXPECT_EQ(joined.json.at("meeting").at("participants").as_array().size(), 1u);
  EXPECT_EQ(send(verb::post, "/api/meetings/" + id + "/join", "", host).status(), 200u);

  auto hist = send(verb::get, "/api/meetings", {}, guest_tok);
  ASSERT_EQ(hist.status(), 200u);
  EXPECT_EQ(hist.json.at("meetings").as_array().size(), 1u);

  auto msgs = send(verb::get, "/api/meetings/" + id + "/messages", {}, guest_tok);
  ASSERT_EQ(msgs.status(), 200u);
  EXPECT_TRUE(msgs.json.at("messages").as_array().empty());

  auto ended = send(verb::post, "/api/meetings/" + id + "/end", {}, host);
  ASSERT_EQ(ended.status(), 200u);
  EXPECT_EQ(ended.json.at("meeting").at("status"), "ended");
  EXPECT_TRUE(ended.json.at("meeting").at("endedAt").is_string());
}

struct error_case {
  const char* name;
  verb method;
  std::string target;  // "{m}" = active meeting with password, "{e}" = ended meeting
  std::optional<std::string> body;
  const char* as;  // "", "alice", "bob", "bad"
  unsigned status;
  const char* code;
  const char* field = "";
};

TEST_F(api_test, every_error_has_the_contract_shape_and_status) {
  auto alice = register_user("alice"), bob = register_user("bob");
  auto active = create_meeting(alice, R"({"password":"pass"})");
  auto ended = create_meeting(alice);
  ASSERT_EQ(send(verb::post, "/api/meetings/" + ended + "/end", {}, alice).status(), 200u);
  const std::string big(70 * 1024, 'x');

  const std::vector<error_case> cases = {
      {"bad json", verb::post, "/api/users", "{nope", "", 400, "invalid_json"},
      {"array body", verb::post, "/api/users", "[1,2]", "", 400, "invalid_json"},
      {"string body", verb::post, "/api/sessions", "\"x\"", "", 400, "invalid_json"},
      {"empty body", verb::post, "/api/guests", "", "", 400, "invalid_json"},
      {"missing username", verb::post, "/api/users", R"({"email":"a@b.c","password":"password1"})",
       "", 400, "invalid_field", "username"},
      {"numeric email", verb::post, "/api/users",
       R"({"username":"carol","email":5,"password":"password1"})", "", 400, "invalid_field",
       "email"},
      {"short password", verb::post, "/api/users",
       R"({"username":"carol","email":"c@b.c","password":"1234567"})", "", 400, "invalid_field",
       "password"},
      {"dup username other case", verb::post, "/api/users",
       R"({"username":"ALICE","email":"new@b.c","password":"password1"})", "", 409,
       "username_taken"},
      {"dup email other case", verb::post, "/api/users",
       R"({"username":"carol","email":"Alice@Example.ORG","password":"password1"})", "", 409,
       "email_taken"},
      {"sql in username", verb::post, "/api/users",
       R"({"username":"x' OR 1=1 --","email":"q@b.c","password":"password1"})", "", 400,
       "invalid_field", "username"},
      {"wrong password", verb::post, "/api/sessions", R"({"login":"alice","password":"wrong-one"})",
       "", 401, "invalid_credentials"},
      {"unknown login", verb::post, "/api/sessions",
       R"({"login":"' OR '1'='1","password":"wrong-one"})", "", 401, "invalid_credentials"},
      {"blank guest", verb::post, "/api/guests", R"({"displayName":"   "})", "", 400,
       "invalid_field", "displayName"},
      {"no token", verb::get, "/api/me", {}, "", 401, "unauthorized"},
      {"bad token", verb::get, "/api/me", {}, "bad", 401, "unauthorized"},
      {"no token ice", verb::get, "/api/ice-servers", {}, "", 401, "unauthorized"},
      {"sign out bad token", verb::delete_, "/api/sessions", {}, "bad", 401, "unauthorized"},
      {"blank title", verb::post, "/api/meetings", R"({"title":" "})", "alice", 400,
       "invalid_field", "title"},
      {"numeric title", verb::post, "/api/meetings", R"({"title":7})", "alice", 400,
       "invalid_field", "title"},
      {"meeting bad json", verb::post, "/api/meetings", "{", "alice", 400, "invalid_json"},
      {"unknown meeting", verb::get, "/api/meetings/zzzz-zzzz-zzzz", {}, "bob", 404, "not_found"},
      {"malformed id", verb::get, "/api/meetings/..%2F..", {}, "bob", 404, "not_found"},
      {"sql id", verb::get, "/api/meetings/x'%20OR%20'1'='1", {}, "bob", 404, "not_found"},
      {"join no password", verb::post, "/api/meetings/{m}/join", {}, "bob", 403, "wrong_password"},
      {"join wrong password", verb::post, "/api/meetings/{m}/join", R"({"password":"no"})", "bob",
       403, "wrong_password"},
      {"join ended", verb::post, "/api/meetings/{e}/join", {}, "bob", 410, "meeting_ended"},
      {"end by non-host", verb::post, "/api/meetings/{m}/end", {}, "bob", 403, "not_host"},
      {"end ended", verb::post, "/api/meetings/{e}/end", {}, "alice", 410, "meeting_ended"},
      {"messages non-participant",
       verb::get,
       "/api/meetings/{m}/messages",
       {},
       "bob",
       403,
       "forbidden"},
      {"unknown route", verb::get, "/api/nope", {}, "", 404, "not_found"},
      {"wrong method", verb::put, "/api/users", {}, "", 405, "method_not_allowed"},
      {"display name over 64", verb::post, "/api/guests", "{\"displayName\":\"" + big + "\"}", "",
       400, "invalid_field", "displayName"},
  };
  for (const auto& c : cases) {
    std::string target = c.target;
    if (auto p = target.find("{m}"); p != std::string::npos) target.replace(p, 3, active);
    if (auto p = target.find("{e}"); p != std::string::npos) target.replace(p, 3, ended);
    std::string token = std::string(c.as) == "alice" ? alice
                        : std::string(c.as) == "bob" ? bob
                        : std::string(c.as) == "bad" ? "not-a-token"
                                                     : "";
    auto r = send(c.method, target, c.body, token);
    EXPECT_EQ(r.status(), c.status) << c.name << ": " << r.res.body();
    EXPECT_EQ(r.code(), c.code) << c.name;
    EXPECT_EQ(r.field(), c.field) << c.name;
    ASSERT_TRUE(r.json.is_object()) << c.name;
    EXPECT_TRUE(r.json.at("error").at("message").is_string()) << c.name;
    EXPECT_EQ(r.res[bhttp::field::cache_control], "no-store") << c.name;
  }
}

TEST_F(api_test, failed_logins_are_rate_limited_with_retry_after) {
  register_user("alice");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(
        send(verb::post, "/api/sessions", R"({"login":"alice","password":"wrong-pw"})").status(),
        401u);
  auto r = send(verb::post, "/api/sessions", R"({"login":"ALICE","password":"password-alice"})");
  EXPECT_EQ(r.status(), 429u);
  EXPECT_EQ(r.code(), "rate_limited");
  auto retry = std::stoi(std::string(r.res[bhttp::field::retry_after]));
  EXPECT_GT(retry, 880);
  EXPECT_LE(retry, 900);
}

TEST_F(api_test, body_limit_is_64_kib) {
  bhttp::request_header<> h;
  EXPECT_EQ(handler_->body_limit(h), 64u * 1024);
}

TEST_F(api_test, healthz_and_metrics) {
  auto h = send(verb::get, "/healthz");
  EXPECT_EQ(h.status(), 200u);
  EXPECT_EQ(h.json.at("status"), "ok");
  send(verb::get, "/api/me");
  auto m = send(verb::get, "/metrics");
  EXPECT_EQ(m.status(), 200u);
  EXPECT_TRUE(m.res[bhttp::field::content_type].starts_with("text/plain"));
  EXPECT_NE(m.res.body().find("parley_http_requests_total{route=\"GET /api/me\",status=\"4xx\"} 1"),
            std::string::npos)
      << m.res.body().substr(0, 2000);
}

TEST_F(api_test, cors_only_for_configured_origins) {
  auto r = send(verb::get, "/healthz", {}, {}, "https://evil.example");
  EXPECT_EQ(r.res.count(bhttp::field::access_control_allow_origin), 0u);
  handler_.reset();
  svc_->shutdown();
  start({.cors_origins = {"https://app.example"}});
  auto ok = send(verb::get, "/healthz", {}, {}, "https://app.example");
  EXPECT_EQ(ok.res[bhttp::field::access_control_allow_origin], "https://app.example");
  auto bad = send(verb::get, "/healthz", {}, {}, "https://evil.example");
  EXPECT_EQ(bad.res.count(bhttp::field::access_control_allow_origin), 0u);
  auto pre = send(verb::options, "/api/meetings", {}, {}, "https://app.example");
  EXPECT_EQ(pre.status(), 204u);
  EXPECT_NE(pre.res[bhttp::field::access_control_allow_headers].find("Authorization"),
            std::string::npos);
}

TEST_F(api_test, ice_servers_carry_turn_rest_credentials) {
  handler_.reset();
  svc_->shutdown();
  start({}, {.secret = "s3cret",
             .turn_urls = {"turn:127.0.0.1:3478"},
             .stun_urls = {"stun:127.0.0.1:3478"},
             .ttl = std::chrono::seconds{600}});
  auto token = register_user("alice");
  auto me = send(verb::get, "/api/me", {}, token);
  std::string id(me.json.at("user").at("id").as_string());
  auto r = send(verb::get, "/api/ice-servers", {}, token);
  ASSERT_EQ(r.status(), 200u);
  const auto& servers = r.json.at("iceServers").as_array();
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0].at("urls").as_array()[0], "stun:127.0.0.1:3478");
  EXPECT_FALSE(servers[0].as_object().contains("credential"));
  std::string username(servers[1].at("username").as_string());
  const auto colon = username.find(':');
  EXPECT_EQ(username.substr(colon + 1), id);
  const auto expiry = std::stoll(username.substr(0, colon));
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  EXPECT_NEAR(static_cast<double>(expiry - now), 600.0, 5.0);
  EXPECT_EQ(servers[1].at("credential").as_string().size(), 28u);  // base64 of 20 bytes
}

}  // namespace
}  // namespace parley::api::testing
