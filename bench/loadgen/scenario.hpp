// What every scenario gets, the helpers they share, and the scenarios themselves. Each
// scenario returns one JSON object of figures (with "error" when it could not complete).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "loadgen/options.hpp"
#include "loadgen/proc_stats.hpp"
#include "loadgen/room_mesh.hpp"
#include "loadgen/room_source.hpp"

namespace parley::bench {

struct scenario_env {
  net::io_context& io;
  const options& opt;
  room_source& rooms;
  room_mesh::config mesh;  // server and sources filled in; scenarios set the rest
};

// Runs the io_context until `done()` holds or `seconds` pass; returns done().
bool run_until(net::io_context& io, const std::function<bool()>& done, double seconds);
// Runs the io_context for `seconds` (clients keep answering pings meanwhile).
void run_for(net::io_context& io, double seconds);

// The server's CPU and RSS now, summed over every --server-pid (zeros when none was given).
proc_sample server_sample(const scenario_env& env);

// {"p50_ms","p99_ms","max_ms","samples"} of latencies in nanoseconds (sorts them).
json::object latency_summary(std::vector<std::int64_t>& ns);

// Connects a mesh of env.opt.rooms rooms and waits until every room is complete; on failure
// writes "error" (with the failure reasons) into `out` and returns false.
bool converge(scenario_env& env, room_mesh& mesh, std::size_t members, json::object& out);

json::object run_check(scenario_env& env);
json::object run_relay(scenario_env& env);
json::object run_latency(scenario_env& env);
json::object run_storm(scenario_env& env);
json::object run_idle(scenario_env& env);
json::object run_churn(scenario_env& env);

}  // namespace parley::bench
