// latency: open-loop relay at a fixed offered rate (round-robin over the senders of 50 rooms
// of two), one-way latency from the send time embedded in each payload, and the server's CPU
// per relayed message at that rate. A server more than one second of messages behind is
// reported as saturated instead of being waited for.
#include "loadgen/pacer.hpp"
#include "loadgen/payloads.hpp"
#include "loadgen/scenario.hpp"

namespace parley::bench {

json::object run_latency(scenario_env& env) {
  json::object out;
  const auto& opt = env.opt;
  env.mesh.room_size = 2;
  if (!env.rooms.prepare(opt.rooms)) return {{"error", "the server refused to create rooms"}};
  room_mesh mesh(env.io, env.rooms, env.mesh);
  if (!converge(env, mesh, opt.rooms * 2, out)) return out;

  auto& members = mesh.members();
  std::vector<std::int64_t> samples;
  samples.reserve(std::size_t(opt.rate * opt.duration) + 16);
  std::uint64_t sent = 0, received = 0, measured_sent = 0, measured_received = 0;
  std::int64_t measure_from = std::numeric_limits<std::int64_t>::max();
  std::uint64_t turn = 0, unaddressed = 0;
  bool saturated = false;
  const auto backlog_limit = std::uint64_t(std::max(opt.rate, 1000.0));
  mesh.on_relay = [&](room_mesh::member&, std::string_view packet) {
    ++received;
    const auto t = embedded_send_time(packet);
    if (t && *t >= measure_from) {
      samples.push_back(now_ns() - *t);
      ++measured_received;
    }
  };
  pacer load(env.io, opt.rate, [&] {
    if (sent - received > backlog_limit) return !(saturated = true);
    const auto i = turn++ % members.size();
    if (members[i].peers.empty()) return ++unaddressed, true;  // its pair was dropped
    const auto& target = members[i].peers.front();
    const auto now = now_ns();
    if (now >= measure_from) ++measured_sent;
    members[i].client->emit(++sent % opt.offer_every == 0 ? offer_packet(target, now)
                                                          : ice_candidate_packet(target, now));
    return true;
  });
  load.start();
  run_until(
      env.io, [&] { return !load.running(); }, opt.warmup);
  const auto server0 = server_sample(env);
  const auto self0 = self_cpu_seconds();
  const auto received0 = received;
  measure_from = now_ns();
  run_until(
      env.io, [&] { return !load.running(); }, opt.duration);
  const auto seconds = double(now_ns() - measure_from) / 1e9;
  const auto server1 = server_sample(env);
  const auto self1 = self_cpu_seconds();
  const auto relayed = double(received - received0);
  load.stop();
  run_until(
      env.io, [&] { return received == sent; }, saturated ? 1 : 5);

  out = latency_summary(samples);
  out["offered_per_s"] = opt.rate;
  out["achieved_per_s"] = double(measured_sent) / seconds;
  out["saturated"] = saturated;
  out["lost"] = measured_sent - measured_received;
  if (!saturated && relayed > 0) {  // a saturated run's window says nothing about the rate
    out["server_cpu_us_per_msg"] = (server1.cpu_seconds - server0.cpu_seconds) / relayed * 1e6;
    out["server_cpu_util"] = (server1.cpu_seconds - server0.cpu_seconds) / seconds;
  }
  out["loadgen_cpu_util"] = (self1 - self0) / seconds;
  out["failures"] = mesh.failures();
  out["unaddressed"] = unaddressed;  // sends skipped: the sender's pair was disconnected
  mesh.close_all();
  return out;
}

}  // namespace parley::bench
