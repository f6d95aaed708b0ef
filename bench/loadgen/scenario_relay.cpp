// check: two clients join one room and relay one candidate (does the server speak the
// protocol?). relay: closed-loop throughput, `window` messages in flight per sender, in rooms
// of two where each member relays to the other.
#include "loadgen/payloads.hpp"
#include "loadgen/scenario.hpp"

namespace parley::bench {
namespace {

// Members 2k and 2k+1 share room k: a member's peer is its index with the low bit flipped.
std::size_t partner(std::size_t i) {
  return i ^ 1U;
}

}  // namespace

json::object run_check(scenario_env& env) {
  json::object out;
  env.mesh.room_size = 2;
  if (!env.rooms.prepare(1)) return {{"error", "the server refused to create rooms or tokens"}};
  room_mesh mesh(env.io, env.rooms, env.mesh);
  if (!converge(env, mesh, 2, out)) return out;
  std::int64_t latency = -1;
  mesh.on_relay = [&](room_mesh::member&, std::string_view packet) {
    if (auto t = embedded_send_time(packet)) latency = now_ns() - *t;
  };
  auto& sender = mesh.members()[0];
  sender.client->emit(ice_candidate_packet(sender.peers.at(0), now_ns()));
  if (!run_until(
          env.io, [&] { return latency >= 0; }, 5))
    out["error"] = "relay not delivered";
  out["relay_ms"] = double(latency) / 1e6;
  mesh.close_all();
  return out;
}

json::object run_relay(scenario_env& env) {
  json::object out;
  const auto& opt = env.opt;
  env.mesh.room_size = 2;
  if (!env.rooms.prepare(opt.rooms)) return {{"error", "the server refused to create rooms"}};
  room_mesh mesh(env.io, env.rooms, env.mesh);
  if (!converge(env, mesh, opt.rooms * 2, out)) return out;

  auto& members = mesh.members();
  std::vector<std::size_t> in_flight(members.size());
  std::uint64_t sent = 0, received = 0;
  bool sending = true;
  auto send_one = [&](std::size_t i) {
    if (members[i].peers.empty()) return;  // the server dropped one of the pair: see failures
    const auto& target = members[i].peers.front();
    ++in_flight[i];
    members[i].client->emit(++sent % opt.offer_every == 0 ? offer_packet(target, now_ns())
                                                          : ice_candidate_packet(target, now_ns()));
  };
  mesh.on_relay = [&](room_mesh::member& m, std::string_view) {
    const auto from = partner(std::size_t(&m - members.data()));
    ++received;
    if (in_flight[from] > 0) --in_flight[from];
    if (sending) send_one(from);
  };
  for (std::size_t i = 0; i < members.size(); ++i) {
    for (std::size_t w = 0; w < opt.window; ++w) send_one(i);
  }
  run_for(env.io, opt.warmup);
  const auto server0 = server_sample(env);
  const auto self0 = self_cpu_seconds();
  const auto received0 = received;
  const auto t0 = now_ns();
  run_for(env.io, opt.duration);
  const auto seconds = double(now_ns() - t0) / 1e9;
  const auto server1 = server_sample(env);
  const auto self1 = self_cpu_seconds();
  const auto relayed = double(received - received0);
  sending = false;
  run_until(
      env.io, [&] { return received == sent; }, 5);

  out["messages_per_s"] = relayed / seconds;
  if (relayed > 0) {
    out["server_cpu_us_per_msg"] = (server1.cpu_seconds - server0.cpu_seconds) / relayed * 1e6;
  } else {
    out["error"] = "nothing was relayed";
  }
  out["server_cpu_util"] = (server1.cpu_seconds - server0.cpu_seconds) / seconds;
  out["loadgen_cpu_util"] = (self1 - self0) / seconds;
  out["measured_s"] = seconds;
  out["lost"] = sent - received;
  out["failures"] = mesh.failures();
  mesh.close_all();
  return out;
}

}  // namespace parley::bench
