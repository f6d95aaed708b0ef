#include "app/config.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <span>

#include "cluster/redis_url.hpp"

namespace parley::app {
namespace {

using setter = std::function<std::string(config&, const std::string&)>;  // "" or an error

struct option {
  std::string_view flag;  ///< without "--"
  std::string_view help;
  setter set;
  bool is_switch = false;  ///< takes no value on the command line ("--no-tls"); "1"/"0" in env
};

/// A yes/no flag: "1", "true", "yes" or "0", "false", "no".
setter boolean(bool config::*field) {
  return [field](config& c, const std::string& v) -> std::string {
    if (v == "1" || v == "true" || v == "yes") {
      c.*field = true;
    } else if (v == "0" || v == "false" || v == "no") {
      c.*field = false;
    } else {
      return "must be 1, true, yes, 0, false or no";
    }
    return {};
  };
}

template <class T>
bool parse_number(const std::string& text, T& out, T min, T max) {
  T v{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size() || v < min || v > max) return false;
  out = v;
  return true;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

setter number_ms(std::chrono::milliseconds config::*field) {
  return [field](config& c, const std::string& v) -> std::string {
    long long ms = 0;
    if (!parse_number(v, ms, 1LL, 3'600'000LL)) return "must be milliseconds from 1 to 3600000";
    c.*field = std::chrono::milliseconds(ms);
    return {};
  };
}

setter list_of_urls(std::vector<std::string> config::*field,
                    std::span<const std::string_view> schemes) {
  std::vector<std::string_view> allowed(schemes.begin(), schemes.end());
  return [field, allowed](config& c, const std::string& v) -> std::string {
    auto urls = split_list(v);
    for (const auto& u : urls) {
      bool ok = std::any_of(allowed.begin(), allowed.end(), [&](std::string_view s) {
        return u.starts_with(s) && u.size() > s.size();
      });
      if (!ok) return "'" + u + "' is not a " + std::string(allowed.front()) + " URL";
    }
    c.*field = std::move(urls);
    return {};
  };
}

setter count(std::size_t config::*field, std::size_t min, std::size_t max) {
  return [field, min, max](config& c, const std::string& v) -> std::string {
    if (!parse_number(v, c.*field, min, max))
      return "must be a number from " + std::to_string(min) + " to " + std::to_string(max);
    return {};
  };
}

constexpr std::string_view turn_schemes[] = {"turn:", "turns:"};
constexpr std::string_view stun_schemes[] = {"stun:", "stuns:"};

const std::vector<option>& options() {
  static const std::vector<option> table{
      {"host", "address to listen on (default 127.0.0.1)",
       [](config& c, const std::string& v) -> std::string {
         if (v.empty()) return "must not be empty";
         c.host = v;
         return {};
       }},
      {"port", "port to listen on (default 8080)",
       [](config& c, const std::string& v) -> std::string {
         return parse_number(v, c.port, std::uint16_t{0}, std::uint16_t{65535})
                    ? ""
                    : "must be a port number from 0 to 65535";
       }},
      {"store",
       "sqlite:PATH (default sqlite:./data/parley.db) or postgresql://user:pass@host:port/db",
       [](config& c, const std::string& v) -> std::string {
         if (!(v.starts_with("sqlite:") && v.size() > 7) && !v.starts_with("postgresql://") &&
             !v.starts_with("postgres://"))
           return "must be sqlite:PATH or postgresql://user:pass@host:port/db";
         c.store = v;
         return {};
       }},
      {"redis", "redis://host:port[/db]: several processes serve one set of meetings",
       [](config& c, const std::string& v) -> std::string {
         if (!cluster::parse_redis_url(v)) return "must be a redis://host:port[/db] URL";
         c.redis = v;
         return {};
       }},
      {"web-root", "folder of the built web client",
       [](config& c, const std::string& v) -> std::string {
         c.web_root = v;
         return {};
       }},
      {"ping-interval", "Engine.IO ping interval in ms (default 25000)",
       number_ms(&config::ping_interval)},
      {"ping-timeout", "Engine.IO ping timeout in ms (default 20000)",
       number_ms(&config::ping_timeout)},
      {"max-payload", "largest Engine.IO message in bytes (default 1000000)",
       [](config& c, const std::string& v) -> std::string {
         return parse_number(v, c.max_payload, std::size_t{1024}, std::size_t{64} << 20)
                    ? ""
                    : "must be bytes from 1024 to 67108864";
       }},
      {"turn-secret", "shared secret for time-limited TURN credentials",
       [](config& c, const std::string& v) -> std::string {
         c.turn_secret = v;
         return {};
       }},
      {"turn-urls", "comma-separated turn: / turns: URLs",
       list_of_urls(&config::turn_urls, turn_schemes)},
      {"stun-urls", "comma-separated stun: URLs", list_of_urls(&config::stun_urls, stun_schemes)},
      {"turn-ttl", "lifetime of TURN credentials in seconds (default 3600)",
       [](config& c, const std::string& v) -> std::string {
         long long s = 0;
         if (!parse_number(v, s, 60LL, 30LL * 86400)) return "must be seconds from 60 to 2592000";
         c.turn_ttl = std::chrono::seconds(s);
         return {};
       }},
      {"turn-grants", "fresh TURN credentials per user per hour (default 20; 0: no bound)",
       [](config& c, const std::string& v) -> std::string {
         return parse_number(v, c.turn_grants, std::size_t{0}, std::size_t{1'000'000})
                    ? ""
                    : "must be a number from 0 to 1000000";
       }},
      {"trust-proxy", "CIDR[,CIDR...]: proxies whose X-Forwarded-For/-Proto are believed",
       [](config& c, const std::string& v) -> std::string {
         std::string error;
         auto ranges = core::parse_cidr_list(v, error);
         if (!ranges) return error;
         c.trust_proxy = std::move(*ranges);
         return {};
       }},
      {"tls-cert", "PEM certificate chain: serve HTTPS/WSS",
       [](config& c, const std::string& v) -> std::string {
         c.tls_cert = v;
         return {};
       }},
      {"tls-key", "PEM private key for --tls-cert",
       [](config& c, const std::string& v) -> std::string {
         c.tls_key = v;
         return {};
       }},
      {"no-tls", "plain HTTP even on a non-loopback --host (for a TLS proxy in front)",
       boolean(&config::no_tls), true},
      {"tls-handshake-timeout", "seconds a client has to finish the TLS handshake (default 10)",
       [](config& c, const std::string& v) -> std::string {
         long long s = 0;
         if (!parse_number(v, s, 1LL, 300LL)) return "must be seconds from 1 to 300";
         c.tls_handshake_timeout = std::chrono::seconds(s);
         return {};
       }},
      {"cors-origins", "comma-separated origins allowed to call the API and Socket.IO cross-origin",
       [](config& c, const std::string& v) -> std::string {
         c.cors_origins = split_list(v);
         return {};
       }},
      {"event-rate", "signaling events per second per socket (default 50; 0: no limit)",
       [](config& c, const std::string& v) -> std::string {
         return parse_number(v, c.event_rate, 0.0, 1e6) ? "" : "must be a number from 0 to 1000000";
       }},
      {"event-burst", "signaling event burst per socket (default 200; 0: no limit)",
       [](config& c, const std::string& v) -> std::string {
         return parse_number(v, c.event_burst, 0.0, 1e6) ? ""
                                                         : "must be a number from 0 to 1000000";
       }},
      {"max-participants",
       "participants per meeting (default 8, 100 with --janus); one more join is meeting_full",
       count(&config::max_participants, 1, 10'000)},
      {"janus", "ws://host:port of Janus's WebSocket API: large meetings through the SFU",
       [](config& c, const std::string& v) -> std::string {
         if (!v.starts_with("ws://") || v.size() <= 5) return "must be a ws://host:port URL";
         c.janus = v;
         return {};
       }},
      {"janus-secret", "Janus's api_secret (also its VideoRoom admin_key)",
       [](config& c, const std::string& v) -> std::string {
         c.janus_secret = v;
         return {};
       }},
      {"recordings-dir",
       "folder of the meetings' recordings (default: recordings/ beside the SQLite file, else "
       "./data/recordings)",
       [](config& c, const std::string& v) -> std::string {
         if (v.empty()) return "must be a folder";
         c.recordings_dir = v;
         return {};
       }},
      {"recordings-max-bytes",
       "no new recording once the recordings folder holds this many bytes (default 0: no limit)",
       count(&config::recordings_max_bytes, 0, std::size_t{1} << 62)},
      {"sfu-threshold",
       "a meeting moves to the SFU when a join makes it N+1 participants (default 4; 0: always)",
       count(&config::sfu_threshold, 0, 10'000)},
      {"sfu-down-delay",
       "seconds at threshold-1 or fewer before a meeting goes back to the mesh (default 30)",
       count(&config::sfu_down_delay, 1, 3600)},
      {"metrics-token", "bearer token for GET /metrics (default: loopback callers only)",
       [](config& c, const std::string& v) -> std::string {
         c.metrics_token = v;
         return {};
       }},
      {"max-accounts-per-hour",
       "accounts one client address may create per hour (default 0: no limit)",
       count(&config::max_accounts_per_hour, 0, 1'000'000)},
      {"max-guests-per-hour", "guests one client address may create per hour (default 0: no limit)",
       count(&config::max_guests_per_hour, 0, 1'000'000)},
      {"max-sessions", "Engine.IO sessions open at once (default 50000)",
       count(&config::max_sessions, 1, 10'000'000)},
      {"max-sessions-per-address",
       "Engine.IO sessions open at once from one client address (default 20000)",
       count(&config::max_sessions_per_address, 1, 10'000'000)},
      {"max-connections", "HTTP connections open at once (default 50000)",
       count(&config::max_connections, 1, 10'000'000)},
      {"max-connections-per-address",
       "HTTP connections open at once from one client address (default 20000)",
       count(&config::max_connections_per_address, 1, 10'000'000)},
      {"threads", "I/O threads (default: one per core this process may use)",
       [](config& c, const std::string& v) -> std::string {
         return parse_number(v, c.threads, 0u, 256u) ? "" : "must be a number from 0 to 256";
       }},
  };
  return table;
}

std::string env_name(std::string_view flag) {
  std::string name = "PARLEY_";
  for (char ch : flag) name.push_back(ch == '-' ? '_' : static_cast<char>(std::toupper(ch)));
  return name;
}

const option* find_option(std::string_view flag) {
  for (const auto& o : options())
    if (o.flag == flag) return &o;
  return nullptr;
}

std::string check(const config& c) {
  if (c.tls_cert.empty() != c.tls_key.empty()) return "--tls-cert and --tls-key go together";
  if (c.no_tls && !c.tls_cert.empty()) return "--no-tls contradicts --tls-cert";
  if (!c.turn_urls.empty() && c.turn_secret.empty()) return "--turn-urls needs --turn-secret";
  // docs/cluster.md "Configuration": every process must see the same accounts and meetings.
  if (!c.redis.empty() && c.store.starts_with("sqlite:"))
    return "--redis needs --store postgresql://...: a cluster cannot share an SQLite file";
  return {};
}

}  // namespace

parsed_config parse_config(const std::vector<std::string>& args, getenv_fn env) {
  config c;
  for (const auto& o : options()) {
    auto name = env_name(o.flag);
    if (const char* v = env ? env(name.c_str()) : nullptr; v && *v)
      if (auto err = o.set(c, v); !err.empty()) return {std::nullopt, false, name + ": " + err};
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") return {std::nullopt, true, {}};
    if (!arg.starts_with("--"))
      return {std::nullopt, false, "unexpected argument '" + args[i] + "'"};
    std::string flag(arg.substr(2));
    std::string value;
    bool has_value = false;
    if (auto eq = flag.find('='); eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
      has_value = true;
    }
    const option* o = find_option(flag);
    if (!o) return {std::nullopt, false, "unknown flag --" + flag + " (see --help)"};
    if (!has_value && o->is_switch) {
      value = "1";
    } else if (!has_value) {
      if (i + 1 >= args.size()) return {std::nullopt, false, "--" + flag + " needs a value"};
      value = args[++i];
    }
    if (auto err = o->set(c, value); !err.empty())
      return {std::nullopt, false, "--" + flag + ": " + err};
  }
  if (auto err = check(c); !err.empty()) return {std::nullopt, false, err};
  if (c.max_participants == 0) c.max_participants = c.janus.empty() ? 8 : 100;
  if (c.recordings_dir.empty()) {
    c.recordings_dir = "./data/recordings";
    if (c.store.starts_with("sqlite:")) {
      const auto parent = std::filesystem::path(c.store.substr(7)).parent_path();
      c.recordings_dir = (parent.empty() ? std::filesystem::path(".") : parent) / "recordings";
    }
  }
  return {std::move(c), false, {}};
}

std::string usage() {
  std::string text = "usage: parley-server [--flag value]...\n\n";
  for (const auto& o : options()) {
    std::string left = "  --" + std::string(o.flag);
    left.resize(std::max<std::size_t>(left.size() + 1, 20), ' ');
    text += left + std::string(o.help) + " [" + env_name(o.flag) + "]\n";
  }
  return text;
}

}  // namespace parley::app
