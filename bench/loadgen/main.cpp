// bench_loadgen: drives one scenario against one Socket.IO signaling server and prints one
// JSON object of figures on stdout (see bench/README.md). Exit 0 when the scenario completed,
// 2 when it reported an error, 1 on bad usage.
#include <boost/json/serialize.hpp>
#include <iostream>
#include <map>
#include <memory>

#include "loadgen/options.hpp"
#include "loadgen/parley_rooms.hpp"
#include "loadgen/payloads.hpp"
#include "loadgen/proc_stats.hpp"
#include "loadgen/scenario.hpp"
#include "loadgen/sio_client.hpp"

using namespace parley;
using namespace parley::bench;

int main(int argc, char** argv) {
  const auto opt = parse_options(argc, argv);
  if (!opt) return 1;
  using runner = json::object (*)(scenario_env&);
  const std::map<std::string, runner> scenarios = {
      {"check", run_check}, {"relay", run_relay}, {"latency", run_latency},
      {"storm", run_storm}, {"idle", run_idle},   {"churn", run_churn},
  };
  const auto scenario = scenarios.find(opt->scenario);
  if (scenario == scenarios.end()) {
    std::cerr << "bench_loadgen: unknown scenario " << opt->scenario << "\n";
    return 1;
  }
  sio_client::use_tls(opt->tls);
  const auto fd_limit = raise_fd_limit(opt->clients + 4096);

  net::io_context io(1);
  const tcp::endpoint server(net::ip::make_address(opt->host),
                             static_cast<unsigned short>(opt->port));
  room_mesh::config mesh;
  mesh.servers.push_back(server);
  for (const unsigned port : opt->also_ports)
    mesh.servers.emplace_back(server.address(), static_cast<unsigned short>(port));
  mesh.max_pending = opt->max_pending;
  for (std::size_t i = 0; i < opt->sources; ++i) {
    mesh.sources.push_back(
        net::ip::make_address_v4(net::ip::address_v4::uint_type(0x7f000002 + i)));
  }
  std::unique_ptr<room_source> rooms;
  if (opt->parley) {
    rooms = std::make_unique<parley_rooms>(server, opt->guests, opt->tls);
  } else {
    rooms = std::make_unique<named_rooms>();
  }
  scenario_env env{io, *opt, *rooms, mesh};

  const auto cpu0 = self_cpu_seconds();
  const auto t0 = now_ns();
  auto out = scenario->second(env);
  run_for(io, 0.2);  // lets the closes go out before exit
  out["scenario"] = opt->scenario;
  out["loadgen_cpu_s_total"] = self_cpu_seconds() - cpu0;
  out["wall_s"] = double(now_ns() - t0) / 1e9;
  out["fd_limit"] = fd_limit;
  std::cout << json::serialize(out) << std::endl;
  return out.contains("error") ? 2 : 0;
}
