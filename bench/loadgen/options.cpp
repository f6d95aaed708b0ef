#include "loadgen/options.hpp"

#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string_view>

namespace parley::bench {
namespace {

// "1,2,3" -> {1, 2, 3}; throws on a non-number.
template <typename T>
std::vector<T> number_list(const std::string& v) {
  std::vector<T> out;
  std::istringstream in(v);
  for (std::string item; std::getline(in, item, ',');) out.push_back(T(std::stoll(item)));
  return out;
}

}  // namespace

std::optional<options> parse_options(int argc, char** argv) {
  options o;
  using setter = std::function<void(const std::string&)>;
  auto size = [](std::size_t& f) -> setter { return [&f](auto& v) { f = std::stoull(v); }; };
  auto real = [](double& f) -> setter { return [&f](auto& v) { f = std::stod(v); }; };
  const std::map<std::string_view, setter> flags = {
      {"--scenario", [&](auto& v) { o.scenario = v; }},
      {"--host", [&](auto& v) { o.host = v; }},
      {"--port", [&](auto& v) { o.port = unsigned(std::stoul(v)); }},
      {"--also-ports", [&](auto& v) { o.also_ports = number_list<unsigned>(v); }},
      {"--server-pid", [&](auto& v) { o.server_pids = number_list<pid_t>(v); }},
      {"--parley", [&](auto& v) { o.parley = v == "1" || v == "true"; }},
      {"--tls", [&](auto& v) { o.tls = v == "1" || v == "true"; }},
      {"--guests", size(o.guests)},
      {"--sources", size(o.sources)},
      {"--warmup", real(o.warmup)},
      {"--duration", real(o.duration)},
      {"--rate", real(o.rate)},
      {"--rooms", size(o.rooms)},
      {"--room-size", size(o.room_size)},
      {"--clients", size(o.clients)},
      {"--window", size(o.window)},
      {"--offer-every", size(o.offer_every)},
      {"--max-pending", size(o.max_pending)},
      {"--max-rss", [&](auto& v) { o.max_rss = std::stoll(v); }},
      {"--time-limit", real(o.time_limit)},
  };
  for (int i = 1; i < argc; i += 2) {
    const auto it = flags.find(argv[i]);
    if (it == flags.end() || i + 1 >= argc) {
      std::cerr << "bench_loadgen: unknown flag or missing value: " << argv[i] << "\n";
      return std::nullopt;
    }
    try {
      it->second(argv[i + 1]);
    } catch (const std::exception&) {
      std::cerr << "bench_loadgen: bad value for " << argv[i] << ": " << argv[i + 1] << "\n";
      return std::nullopt;
    }
  }
  if (o.scenario.empty() || o.port == 0 || o.room_size == 0 || o.sources == 0) {
    std::cerr << "bench_loadgen: --scenario and --port are required\n";
    return std::nullopt;
  }
  return o;
}

}  // namespace parley::bench
