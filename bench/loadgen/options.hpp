// Command line of bench_loadgen: `--name value` pairs, each one field below.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::bench {

struct options {
  std::string scenario;            // check | relay | latency | storm | idle | churn
  std::string host = "127.0.0.1";  // the server (loopback only)
  unsigned port = 0;
  // Members of a cluster beside `port` (`--also-ports P,Q`): member i connects to the i-th of
  // port, P, Q, ... in turn, so the two members of a 2-person room sit on different processes.
  std::vector<unsigned> also_ports;
  // Whose /proc CPU and RSS are reported, summed (`--server-pid A,B,...`: a cluster's
  // processes and its Redis).
  std::vector<pid_t> server_pids;
  bool parley = false;      // rooms and tokens through Parley's REST API
  bool tls = false;         // wss:// (and https:// for the REST API); no certificate checks
  std::size_t guests = 16;  // Parley users the clients are spread over
  std::size_t sources = 4;  // clients bind 127.0.0.2 .. 127.0.0.(1+sources)
  double warmup = 1;        // seconds before measuring
  double duration = 5;      // seconds measured
  double rate = 2000;       // latency: offered messages/s; churn: operations/s
  std::size_t rooms = 50;   // relay, latency, churn
  std::size_t room_size = 2;
  std::size_t clients = 10000;                   // storm: clients; idle: the most to try
  std::size_t window = 16;                       // relay: messages in flight per sender
  std::size_t offer_every = 50;                  // every Nth relayed message is a ~4 KB offer
  std::size_t max_pending = 500;                 // clients between connect and joined at once
  std::int64_t max_rss = std::int64_t(2) << 30;  // idle: stop when the server's RSS reaches it
  double time_limit = 120;                       // hard bound on any one wait, seconds
};

// Parses argv; on a bad or unknown flag returns nullopt after one line on stderr.
std::optional<options> parse_options(int argc, char** argv);

}  // namespace parley::bench
