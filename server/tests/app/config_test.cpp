#include "app/config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace parley::app {
namespace {

std::map<std::string, std::string> fake_env;
const char* lookup(const char* name) {
  auto it = fake_env.find(name);
  return it == fake_env.end() ? nullptr : it->second.c_str();
}

parsed_config parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  fake_env = std::move(env);
  return parse_config(args, &lookup);
}

TEST(config, defaults_follow_the_contract) {
  auto r = parse({});
  ASSERT_TRUE(r.cfg) << r.error;
  EXPECT_EQ(r.cfg->host, "127.0.0.1");
  EXPECT_EQ(r.cfg->port, 8080);
  EXPECT_EQ(r.cfg->store, "sqlite:./data/parley.db");
  EXPECT_EQ(r.cfg->ping_interval.count(), 25000);
  EXPECT_EQ(r.cfg->ping_timeout.count(), 20000);
  EXPECT_EQ(r.cfg->max_payload, 1000000u);
  // TURN credentials: one hour, 20 fresh grants per user per hour (docs/api.md).
  EXPECT_EQ(r.cfg->turn_ttl.count(), 3600);
  EXPECT_EQ(r.cfg->turn_grants, 20u);
  EXPECT_TRUE(r.cfg->trust_proxy.empty());
}

TEST(config, turn_bounds_and_trusted_proxies_are_configurable) {
  auto r =
      parse({"--turn-ttl", "600", "--turn-grants", "0", "--trust-proxy", "127.0.0.2, fd00::/8"});
  ASSERT_TRUE(r.cfg) << r.error;
  EXPECT_EQ(r.cfg->turn_ttl.count(), 600);
  EXPECT_EQ(r.cfg->turn_grants, 0u);
  ASSERT_EQ(r.cfg->trust_proxy.size(), 2u);
  EXPECT_EQ(r.cfg->trust_proxy[1].prefix, 8u);
  auto e = parse({}, {{"PARLEY_TRUST_PROXY", "10.0.0.0/8"}, {"PARLEY_TURN_GRANTS", "5"}});
  ASSERT_TRUE(e.cfg) << e.error;
  EXPECT_EQ(e.cfg->trust_proxy.size(), 1u);
  EXPECT_EQ(e.cfg->turn_grants, 5u);
}

TEST(config, flags_win_over_environment) {
  auto r = parse({"--port", "9000", "--store=sqlite:/tmp/x.db"},
                 {{"PARLEY_PORT", "7000"}, {"PARLEY_HOST", "::1"}});
  ASSERT_TRUE(r.cfg) << r.error;
  EXPECT_EQ(r.cfg->port, 9000);
  EXPECT_EQ(r.cfg->host, "::1");
  EXPECT_EQ(r.cfg->store, "sqlite:/tmp/x.db");
}

TEST(config, the_event_limit_can_be_tuned_or_switched_off) {
  auto r = parse({"--event-rate", "0", "--event-burst", "500"});
  ASSERT_TRUE(r.cfg) << r.error;
  EXPECT_EQ(r.cfg->event_rate, 0);
  EXPECT_EQ(r.cfg->event_burst, 500);
  EXPECT_EQ(parse({}).cfg->event_rate, 50);
}

TEST(config, lists_are_split_on_commas) {
  auto r = parse({"--turn-secret", "s", "--turn-urls", "turn:127.0.0.1:3478,turns:a.example:5349",
                  "--stun-urls", "stun:127.0.0.1:3478"});
  ASSERT_TRUE(r.cfg) << r.error;
  EXPECT_EQ(r.cfg->turn_urls.size(), 2u);
  EXPECT_EQ(r.cfg->stun_urls.at(0), "stun:127.0.0.1:3478");
}

struct bad_case {
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  std::string says;  ///< a piece of the one-line error
};

TEST(config, bad_configuration_is_named_in_one_line) {
  const std::vector<bad_case> cases{
      {{"--nope"}, {}, "unknown flag --nope"},
      {{"--port"}, {}, "--port needs a value"},
      {{"--port", "70000"}, {}, "--port"},
      {{"--port", "80x"}, {}, "--port"},
      {{"--store", "mysql://x"}, {}, "--store"},
      {{"--ping-interval", "-5"}, {}, "--ping-interval"},
      {{"--turn-urls", "http://x"}, {}, "--turn-urls"},
      {{"--turn-urls", "turn:x:3478"}, {}, "needs --turn-secret"},
      {{"--tls-cert", "a.pem"}, {}, "go together"},
      {{"stray"}, {}, "unexpected argument"},
      {{}, {{"PARLEY_PORT", "abc"}}, "PARLEY_PORT"},
      {{"--trust-proxy", "10.0.0.1/8"}, {}, "--trust-proxy: '10.0.0.1/8'"},
      {{"--trust-proxy", "127.0.0.1,nope"}, {}, "'nope'"},
      {{}, {{"PARLEY_TRUST_PROXY", "1.2.3.4/40"}}, "PARLEY_TRUST_PROXY"},
      {{"--turn-grants", "-1"}, {}, "--turn-grants"},
      {{"--turn-ttl", "10"}, {}, "--turn-ttl"},
      {{"--redis", "redis://127.0.0.1:6379"}, {}, "--redis needs --store postgresql://"},
      {{}, {{"PARLEY_REDIS", "redis://h:1"}}, "--redis needs --store postgresql://"},
      {{"--redis", "http://h:1", "--store", "postgresql://u@h/db"}, {}, "--redis: must be"},
      {{"--redis", "redis://h:1/99", "--store", "postgresql://u@h/db"}, {}, "--redis: must be"},
  };
  for (const auto& c : cases) {
    auto r = parse(c.args, c.env);
    EXPECT_FALSE(r.cfg);
    EXPECT_NE(r.error.find(c.says), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find('\n'), std::string::npos);
  }
}

TEST(config, redis_with_postgresql_forms_a_cluster) {
  auto r = parse({"--redis", "redis://127.0.0.1:6390/2", "--store", "postgresql://u@h/db"});
  ASSERT_TRUE(r.cfg) << r.error;
  EXPECT_EQ(r.cfg->redis, "redis://127.0.0.1:6390/2");
}

TEST(config, help_is_recognised_and_usage_names_every_env_variable) {
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_NE(usage().find("PARLEY_TURN_SECRET"), std::string::npos);
}

}  // namespace
}  // namespace parley::app

namespace parley::app {
namespace {

// docs/configuration.md "The SFU (Janus)": the participant cap follows --janus unless given.
TEST(config, the_sfu_flags_and_the_participant_cap_that_follows_them) {
  auto mesh = parse({});
  ASSERT_TRUE(mesh.cfg) << mesh.error;
  EXPECT_EQ(mesh.cfg->max_participants, 8u);
  EXPECT_EQ(mesh.cfg->sfu_threshold, 4u);
  EXPECT_EQ(mesh.cfg->sfu_down_delay, 30u);
  EXPECT_TRUE(mesh.cfg->janus.empty());

  auto sfu = parse({"--janus", "ws://127.0.0.1:8188", "--janus-secret", "s", "--sfu-threshold", "0",
                    "--sfu-down-delay", "2"});
  ASSERT_TRUE(sfu.cfg) << sfu.error;
  EXPECT_EQ(sfu.cfg->janus, "ws://127.0.0.1:8188");
  EXPECT_EQ(sfu.cfg->janus_secret, "s");
  EXPECT_EQ(sfu.cfg->max_participants, 100u);
  EXPECT_EQ(sfu.cfg->sfu_threshold, 0u);
  EXPECT_EQ(sfu.cfg->sfu_down_delay, 2u);

  auto capped = parse({"--janus", "ws://127.0.0.1:8188", "--max-participants", "20"});
  ASSERT_TRUE(capped.cfg) << capped.error;
  EXPECT_EQ(capped.cfg->max_participants, 20u);

  EXPECT_FALSE(parse({"--janus", "http://127.0.0.1:8188"}).cfg);
  EXPECT_FALSE(parse({"--sfu-down-delay", "0"}).cfg);
}

}  // namespace
}  // namespace parley::app
