// storm: `clients` clients connect and join rooms of `room_size` as fast as the server lets
// them (at most max_pending in progress); time until every client has seen its room complete,
// and the server's RSS growth per client. idle: connect-only clients added until `clients`,
// the server's RSS reaching `max_rss`, or `time_limit`; the most held within the RSS bound.
#include "loadgen/payloads.hpp"
#include "loadgen/scenario.hpp"

namespace parley::bench {
namespace {

constexpr std::size_t warm_rooms = 2;  // a few joins first, so lazy setup is not "per client"
constexpr double settle_s = 1.0;       // lets the server finish deferred work before sampling

}  // namespace

json::object run_storm(scenario_env& env) {
  json::object out;
  const auto& opt = env.opt;
  const auto rooms = (opt.clients + opt.room_size - 1) / opt.room_size;
  env.mesh.room_size = opt.room_size;
  if (!env.rooms.prepare(rooms + warm_rooms)) return {{"error", "the server refused rooms"}};

  auto warm_cfg = env.mesh;
  warm_cfg.first_room = rooms;
  room_mesh warm(env.io, env.rooms, warm_cfg);
  if (!converge(env, warm, warm_rooms * opt.room_size, out)) return out;
  run_for(env.io, settle_s);

  room_mesh mesh(env.io, env.rooms, env.mesh);
  const auto before = server_sample(env);
  const auto self0 = self_cpu_seconds();
  const auto t0 = now_ns();
  const bool done = converge(env, mesh, opt.clients, out);
  const auto seconds = double((done ? mesh.converged_at_ns() : now_ns()) - t0) / 1e9;
  const auto self1 = self_cpu_seconds();
  const auto busy = server_sample(env);
  run_for(env.io, settle_s);
  const auto after = server_sample(env);

  out["clients"] = opt.clients;
  out["converged_s"] = seconds;
  out["rss_before_bytes"] = before.rss_bytes;
  out["rss_after_bytes"] = after.rss_bytes;
  out["rss_per_client_bytes"] = double(after.rss_bytes - before.rss_bytes) / double(opt.clients);
  out["server_cpu_s"] = busy.cpu_seconds - before.cpu_seconds;
  out["server_cpu_ms_per_client"] =
      (busy.cpu_seconds - before.cpu_seconds) * 1e3 / double(opt.clients);
  out["loadgen_cpu_s"] = self1 - self0;
  out["failures"] = mesh.failures();
  mesh.close_all();
  warm.close_all();
  return out;
}

json::object run_idle(scenario_env& env) {
  json::object out;
  const auto& opt = env.opt;
  if (!env.rooms.prepare(0)) return {{"error", "the server refused to create tokens"}};
  env.mesh.join = false;
  room_mesh mesh(env.io, env.rooms, env.mesh);
  const auto before = server_sample(env);
  const auto t0 = now_ns();
  std::size_t within = 0;  // clients open at the last sample under max_rss
  std::int64_t rss_within = before.rss_bytes;
  std::string stop = "time_limit";
  const auto elapsed = [&] { return double(now_ns() - t0) / 1e9; };
  while (elapsed() < opt.time_limit) {
    const auto s = server_sample(env);
    if (!s.ok) {
      stop = "server_exited";
      break;
    }
    if (s.rss_bytes >= opt.max_rss) {
      stop = "max_rss";
      break;
    }
    within = mesh.open_count();
    rss_within = s.rss_bytes;
    if (within >= opt.clients) {
      stop = "clients";
      break;
    }
    if (mesh.failures() > std::max<std::size_t>(100, within / 100)) {
      stop = "failures";
      break;
    }
    if (mesh.pending() < opt.max_pending && mesh.size() < opt.clients) {
      mesh.add(std::min(opt.max_pending, opt.clients - mesh.size()));
    }
    run_for(env.io, 0.05);
  }
  const auto ramp_s = elapsed();
  run_for(env.io, 3 * settle_s);  // held idle: still connected afterwards?
  const auto after = server_sample(env);

  json::object reasons;
  for (const auto& [why, n] : mesh.failure_reasons()) reasons[why] = n;
  out["clients_within_rss"] = within;
  out["stopped_by"] = stop;
  out["ramp_s"] = ramp_s;
  out["rss_at_limit_bytes"] = rss_within;
  out["rss_before_bytes"] = before.rss_bytes;
  const auto per_client = within > 0 ? double(rss_within - before.rss_bytes) / double(within) : 0.0;
  out["rss_per_client_bytes"] = per_client;
  // Where something other than RSS stopped the ramp: how many would fit below max_rss.
  out["clients_in_2gib_extrapolated"] =
      stop == "max_rss" || per_client <= 0
          ? double(within)
          : double(within) + double(opt.max_rss - rss_within) / per_client;
  out["open_after_hold"] = mesh.open_count();
  out["rss_after_hold_bytes"] = after.rss_bytes;
  out["failures"] = mesh.failures();
  out["failure_reasons"] = std::move(reasons);
  mesh.close_all();
  return out;
}

}  // namespace parley::bench
