// churn: rooms of `room_size` stay populated while clients keep leaving and coming back, half
// by `leave` + `join` on the same socket, half by closing the connection and opening a new
// one, at `rate` operations/s for `duration` seconds. The server's RSS with the same
// population before (after a warm-up churn) and after tells whether anything leaks.
#include <random>

#include "loadgen/pacer.hpp"
#include "loadgen/payloads.hpp"
#include "loadgen/scenario.hpp"

namespace parley::bench {
namespace {

constexpr double settle_s = 2.0;

// Churns for `seconds`; returns the operations done.
std::uint64_t churn_for(scenario_env& env, room_mesh& mesh, std::mt19937& rng, double seconds) {
  std::uniform_int_distribution<std::size_t> pick(0, mesh.size() - 1);
  std::uint64_t ops = 0;
  pacer churn(env.io, env.opt.rate, [&] {
    const auto i = pick(rng);
    if (!mesh.members()[i].complete || mesh.pending() >= env.opt.max_pending) return true;
    (ops++ % 2 == 0) ? mesh.rejoin(i) : mesh.reconnect(i);
    return true;
  });
  churn.start();
  run_for(env.io, seconds);
  churn.stop();
  return ops;
}

}  // namespace

json::object run_churn(scenario_env& env) {
  json::object out;
  const auto& opt = env.opt;
  env.mesh.room_size = opt.room_size;
  if (!env.rooms.prepare(opt.rooms)) return {{"error", "the server refused to create rooms"}};
  room_mesh mesh(env.io, env.rooms, env.mesh);
  if (!converge(env, mesh, opt.rooms * opt.room_size, out)) return out;

  std::mt19937 rng(20261126);  // the same sequence of operations for every server
  const auto warm_ops = churn_for(env, mesh, rng, std::max(opt.warmup, 0.1 * opt.duration));
  run_until(
      env.io, [&] { return mesh.converged(); }, opt.time_limit);
  run_for(env.io, settle_s);
  const auto before = server_sample(env);
  const auto ops = churn_for(env, mesh, rng, opt.duration);
  const bool settled = run_until(
      env.io, [&] { return mesh.converged(); }, opt.time_limit);
  run_for(env.io, settle_s);
  const auto after = server_sample(env);

  out["population"] = mesh.size();
  out["warmup_ops"] = warm_ops;
  out["ops"] = ops;
  out["ops_per_s"] = double(ops) / opt.duration;
  out["reconverged"] = settled;
  out["rss_before_bytes"] = before.rss_bytes;
  out["rss_after_bytes"] = after.rss_bytes;
  out["rss_growth_bytes"] = after.rss_bytes - before.rss_bytes;
  out["server_cpu_s"] = after.cpu_seconds - before.cpu_seconds;
  out["failures"] = mesh.failures();
  if (!settled) out["error"] = "rooms did not all become complete again after the churn";
  mesh.close_all();
  return out;
}

}  // namespace parley::bench
