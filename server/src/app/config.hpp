// Parley's configuration: the contract's flags, each also settable by the environment variable
// PARLEY_<FLAG_IN_UPPER_SNAKE> (--turn-secret <-> PARLEY_TURN_SECRET). Flags win over the
// environment. Every default carries its reason.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cidr.hpp"

namespace parley::app {

struct config {
  std::string host = "127.0.0.1";  ///< loopback unless told otherwise: safe by default
  std::uint16_t port = 8080;
  std::string store = "sqlite:./data/parley.db";   ///< embedded, zero set-up
  std::string redis;                               ///< empty: a single process
  std::string web_root;                            ///< empty: the client the build produced
  std::chrono::milliseconds ping_interval{25000};  ///< Engine.IO default
  std::chrono::milliseconds ping_timeout{20000};   ///< Engine.IO default
  std::size_t max_payload = 1'000'000;             ///< Engine.IO default
  std::string turn_secret;
  std::vector<std::string> turn_urls;
  std::vector<std::string> stun_urls;
  /// One hour: a free guest token must not buy a long-lived relay (docs/deploy.md "Not an
  /// open relay"); a new call asks for a new credential.
  std::chrono::seconds turn_ttl{3600};
  /// Fresh TURN credentials per user per hour; 0 turns the bound off (docs/api.md).
  std::size_t turn_grants = 20;
  /// Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed; none by default, so a
  /// client can never choose its own address (docs/deploy.md "Client addresses").
  std::vector<core::cidr> trust_proxy;
  std::string tls_cert;  ///< with tls_key: serve HTTPS/WSS (docs/tls.md)
  std::string tls_key;
  /// Plain HTTP even on a non-loopback host (behind a TLS-terminating proxy).
  bool no_tls = false;
  /// Long enough for a phone on a poor network, short enough that silent peers cannot pile up.
  std::chrono::seconds tls_handshake_timeout{10};
  std::vector<std::string> cors_origins;  ///< cross-origin API/Socket.IO callers; none by default
  unsigned threads = 0;                   ///< I/O threads; 0: one per core this process may use
  /// Per-socket signaling events per second and burst (token bucket); 0 turns the limit off
  /// (benchmarks). 50/s with bursts of 200 covers a renegotiation storm, not a flood.
  double event_rate = 50;
  double event_burst = 200;
  /// Participants per room; one more join is meeting_full. 0 until parsed: 8 without an SFU
  /// (a full mesh of 8 is 56 streams), 100 with --janus (the VideoRoom's publishers).
  std::size_t max_participants = 0;
  /// The SFU (docs/signaling.md "Large meetings: the SFU"): Janus's WebSocket API, its
  /// api_secret, and the size above which a meeting moves to it.
  std::string janus;
  std::string janus_secret;
  std::size_t sfu_threshold = 4;
  /// Seconds at threshold-1 or fewer before a meeting goes back to the mesh.
  std::size_t sfu_down_delay = 30;
  /// Recording (docs/recording.md): the folder of the recordings (raw tracks, then one WebM
  /// each); empty until parsed, then "recordings" beside the SQLite file, else
  /// ./data/recordings. A new recording is refused once the folder holds max_bytes (0: no
  /// limit but the disk's).
  std::string recordings_dir;
  std::size_t recordings_max_bytes = 0;
  /// GET /metrics: empty: loopback callers only; else callers with this bearer token.
  std::string metrics_token;
  /// Accounts / guests per client address per hour; 0: unlimited (the contract's default,
  /// benchmarks create thousands of guests from one address; the deploy kit turns them on).
  std::size_t max_accounts_per_hour = 0;
  std::size_t max_guests_per_hour = 0;
  /// Engine.IO sessions open at once, in all and per client address: generous caps against
  /// runaway clients, far above what a benchmark from one address opens.
  std::size_t max_sessions = 50'000;
  std::size_t max_sessions_per_address = 20'000;
  /// HTTP connections open at once, in all and per client address (a trusted proxy's own
  /// address counts only in the total).
  std::size_t max_connections = 50'000;
  std::size_t max_connections_per_address = 20'000;
};

/// The outcome of parsing: a config, a request for help, or one line naming the problem.
struct parsed_config {
  std::optional<config> cfg;
  bool help = false;
  std::string error;
};

/// Parses argv (without argv[0]) over the environment `env` (a getenv-like function).
/// Unknown flags, missing values and malformed numbers or URLs are errors.
using getenv_fn = const char* (*)(const char*);
parsed_config parse_config(const std::vector<std::string>& args, getenv_fn env);

/// The usage text for --help.
std::string usage();

}  // namespace parley::app
