// The --redis URL (docs/cluster.md "Configuration"): redis://HOST:PORT[/DB].
#pragma once

#include <optional>
#include <string>

namespace parley::cluster {

struct redis_url {
  std::string host;
  int port = 6379;
  int db = 0;
};

/// Parses redis://HOST[:PORT][/DB]; nullopt when malformed (no host, a port outside
/// 1..65535, a database that is not a number from 0 to 15).
std::optional<redis_url> parse_redis_url(const std::string& url);

/// Connects once, synchronously, within `timeout_ms`, and sends PING (and SELECT DB): the
/// start-up check. Returns an empty string, or one line naming the problem.
std::string probe(const redis_url& url, int timeout_ms = 2000);

}  // namespace parley::cluster
