#include "loadgen/scenario.hpp"

#include <algorithm>

namespace parley::bench {

bool run_until(net::io_context& io, const std::function<bool()>& done, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(seconds));
  if (done() || std::chrono::steady_clock::now() >= deadline) return done();
  // One check every poll_period from a timer, rather than run_for() slices, which read the
  // clock around every handler.
  constexpr auto poll_period = std::chrono::milliseconds(2);
  net::steady_timer poll(io);
  std::function<void()> arm = [&] {
    poll.expires_after(poll_period);
    poll.async_wait([&](error_code ec) {
      if (ec) return;  // cancelled: the locals it refers to may be gone
      if (done() || std::chrono::steady_clock::now() >= deadline) return io.stop();
      arm();
    });
  };
  arm();
  io.restart();
  io.run();
  io.restart();
  return done();
}

void run_for(net::io_context& io, double seconds) {
  run_until(
      io, [] { return false; }, seconds);
}

proc_sample server_sample(const scenario_env& env) {
  proc_sample sum;
  sum.ok = !env.opt.server_pids.empty();
  for (const pid_t pid : env.opt.server_pids) {
    const auto one = sample_process(pid);
    sum.cpu_seconds += one.cpu_seconds;
    sum.rss_bytes += one.rss_bytes;
    sum.ok = sum.ok && one.ok;
  }
  return sum;
}

json::object latency_summary(std::vector<std::int64_t>& ns) {
  json::object o;
  o["samples"] = ns.size();
  if (ns.empty()) return o;
  std::sort(ns.begin(), ns.end());
  auto at = [&](double q) { return double(ns[std::size_t(q * double(ns.size() - 1))]) / 1e6; };
  o["p50_ms"] = at(0.50);
  o["p99_ms"] = at(0.99);
  o["max_ms"] = double(ns.back()) / 1e6;
  return o;
}

bool converge(scenario_env& env, room_mesh& mesh, std::size_t members, json::object& out) {
  mesh.add(members);
  // A member that failed stays out, so one failure already means no convergence.
  const auto settled = [&] { return mesh.converged() || mesh.failures() > 0; };
  if (run_until(env.io, settled, env.opt.time_limit) && mesh.converged()) return true;
  json::object reasons;
  for (const auto& [why, n] : mesh.failure_reasons()) reasons[why] = n;
  out["error"] = "clients did not all connect and join";
  out["complete"] = mesh.complete_count();
  out["open"] = mesh.open_count();
  out["failure_reasons"] = std::move(reasons);
  return false;
}

}  // namespace parley::bench
