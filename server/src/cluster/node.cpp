#include "cluster/node.hpp"

#include <random>

#include "cluster/scripts.hpp"
#include "core/log.hpp"

namespace parley::cluster {
namespace {

constexpr std::string_view meeting_prefix = "parley:ch:m:";
constexpr long long failed = -100;

std::string random_id() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned long long> d;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", d(rd));
  return buf;
}

}  // namespace

std::string meeting_channel_name(const std::string& meeting_id) {
  return std::string(meeting_prefix) + meeting_id;
}

std::shared_ptr<node> node::create(net::any_io_executor ex, redis_url url, node_options opts) {
  return std::make_shared<node>(std::move(ex), std::move(url), opts);
}

node::node(net::any_io_executor ex, redis_url url, node_options opts)
    : id_(random_id()),
      opts_(opts),
      cmd_(redis_connection::create(ex, url)),
      sub_(redis_connection::create(ex, url)),
      timer_(net::make_strand(ex)) {}

void node::start() {
  auto self = shared_from_this();
  auto lost = [w = weak_from_this()] {
    if (auto n = w.lock(); n && !n->stopped_) {
      if (!n->up_.exchange(false)) return;
      log::error("cluster_redis_lost", {{"process", n->id_}});
      if (auto l = n->listener_.lock()) l->on_lost();
    }
  };
  cmd_->on_lost(lost);
  sub_->on_lost(lost);
  sub_->on_message([w = weak_from_this()](const std::string& ch, std::string payload) {
    if (auto n = w.lock()) n->on_message(ch, std::move(payload));
  });
  cmd_->connect([self](std::string err) {
    if (!err.empty()) return log::error("cluster_redis_unreachable", {{"error", err}});
    self->heartbeat();
  });
  sub_->connect([self](std::string err) {
    if (!err.empty()) return log::error("cluster_redis_unreachable", {{"error", err}});
    self->sub_->subscribe("parley:ch:all");
    self->sub_->subscribe("parley:ch:p:" + self->id_, [self] {
      self->up_ = true;
      log::info("cluster_joined", {{"process", self->id_}});
    });
  });
}

void node::stop() {
  stopped_ = true;
  net::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
  // The heartbeat key goes at once: the others need not wait for it to expire.
  cmd_->command({"DEL", "parley:alive:" + id_});
  cmd_->close();
  sub_->close();
}

// docs/cluster.md "Liveness": refresh our key, then sweep for processes whose key expired.
void node::heartbeat() {
  if (stopped_) return;
  cmd_->command(
      {"SET", "parley:alive:" + id_, "1", "PX", std::to_string(opts_.heartbeat_ttl.count())});
  cmd_->command({"SADD", "parley:procs", id_});
  cmd_->command({"EVAL", std::string(scripts::reap), "0"},
                [w = weak_from_this()](const redis_reply& r) {
                  auto self = w.lock();
                  if (!self || r.type != redis_reply::kind::array) return;
                  auto l = self->listener_.lock();
                  for (std::size_t i = 0; l && i + 1 < r.elements.size(); i += 2) {
                    log::info("cluster_member_reaped", {{"userId", r.elements[i + 1].str}});
                    l->on_reaped(r.elements[i].str, r.elements[i + 1].str);
                  }
                });
  timer_.expires_after(opts_.heartbeat_every);
  timer_.async_wait([w = weak_from_this()](error_code ec) {
    if (auto self = w.lock(); self && !ec) self->heartbeat();
  });
}

void node::on_message(const std::string& channel, std::string payload) {
  auto l = listener_.lock();
  if (!l) return;
  if (channel.starts_with(meeting_prefix))
    l->on_meeting_message(channel.substr(meeting_prefix.size()), std::move(payload));
  else
    l->on_process_message(std::move(payload));
}

void node::watch(const std::string& meeting_id, std::function<void()> confirmed) {
  sub_->subscribe(meeting_channel_name(meeting_id), std::move(confirmed));
}

void node::unwatch(const std::string& meeting_id) {
  sub_->unsubscribe(meeting_channel_name(meeting_id));
}

void node::eval(std::string_view script, std::vector<std::string> args, seq_fn done) {
  args.insert(args.begin(), {"EVAL", std::string(script), "0"});
  cmd_->command(std::move(args), [done = std::move(done)](const redis_reply& r) {
    if (r.is_error() && r.str != "connection lost")
      log::error("cluster_script_failed", {{"error", r.str}});
    if (done) done(r.type == redis_reply::kind::integer ? r.integer : failed);
  });
}

void node::eval_change(std::string_view script, std::vector<std::string> args, change_fn done) {
  args.insert(args.begin(), {"EVAL", std::string(script), "0"});
  cmd_->command(std::move(args), [done = std::move(done)](const redis_reply& r) {
    if (r.is_error() && r.str != "connection lost")
      log::error("cluster_script_failed", {{"error", r.str}});
    const bool ok = r.type == redis_reply::kind::array && r.elements.size() == 2 &&
                    r.elements[0].type == redis_reply::kind::integer &&
                    r.elements[1].type == redis_reply::kind::integer;
    if (done) done(ok ? r.elements[0].integer : failed, ok ? r.elements[1].integer : 0);
  });
}

void node::join(const std::string& meeting, const std::string& socket_id, const std::string& entry,
                std::size_t max, seq_fn done, const std::string& user_id, bool admitted) {
  std::vector<std::string> args{meeting, socket_id, entry, std::to_string(max), id_};
  if (!user_id.empty()) {
    args.push_back(user_id);
    args.emplace_back(admitted ? "1" : "0");
  }
  eval(scripts::join, std::move(args), std::move(done));
}

void node::wait(const std::string& meeting, const std::string& socket_id, const std::string& entry,
                const std::string& user_id, seq_fn done) {
  eval(scripts::wait, {meeting, socket_id, entry, id_, user_id}, std::move(done));
}

void node::unwait(const std::string& meeting, const std::string& socket_id) {
  eval(scripts::unwait, {meeting, socket_id}, {});
}

void node::resolve(const std::string& meeting, const std::string& user_id,
                   const std::string& outcome, change_fn done) {
  eval_change(scripts::resolve, {meeting, user_id, outcome}, std::move(done));
}

void node::mute(const std::string& meeting, const std::string& kind, const std::string& by,
                const std::string& sockets, change_fn done) {
  eval_change(scripts::mute, {meeting, kind, by, sockets}, std::move(done));
}

void node::ban(const std::string& meeting, const std::string& user_id, const std::string& by,
               change_fn done) {
  eval_change(scripts::ban, {meeting, user_id, by}, std::move(done));
}

void node::set_role(const std::string& meeting, const std::string& user_id, const std::string& role,
                    change_fn done) {
  eval_change(scripts::role, {meeting, user_id, role}, std::move(done));
}

void node::set_flag(const std::string& meeting, const std::string& field, bool on, change_fn done) {
  eval_change(scripts::flag, {meeting, field, on ? "1" : "0"}, std::move(done));
}

void node::leave(const std::string& meeting, const std::string& socket_id,
                 const std::string& reason, seq_fn done) {
  eval(scripts::leave, {meeting, socket_id, reason}, std::move(done));
}

void node::update(const std::string& meeting, const std::string& socket_id,
                  const std::string& patch, const std::string& event, seq_fn done) {
  eval(scripts::update, {meeting, socket_id, patch, event}, std::move(done));
}

void node::snapshot(const std::string& meeting, redis_connection::reply_fn done,
                    const std::string& seed) {
  cmd_->command({"EVAL", std::string(scripts::snapshot), "0", meeting, seed}, std::move(done));
}

void node::end(const std::string& meeting) {
  eval(scripts::end, {meeting}, {});
}

void node::publish_meeting(const std::string& meeting, std::string payload, seq_fn done) {
  cmd_->command({"PUBLISH", meeting_channel_name(meeting), std::move(payload)},
                [done = std::move(done)](const redis_reply& r) {
                  if (done) done(r.type == redis_reply::kind::integer ? r.integer : failed);
                });
}

void node::broadcast(std::string payload) {
  cmd_->command({"PUBLISH", "parley:ch:all", std::move(payload)});
}

void node::send_to(const std::string& process, std::string payload, seq_fn done) {
  cmd_->command({"PUBLISH", "parley:ch:p:" + process, std::move(payload)},
                [done = std::move(done)](const redis_reply& r) {
                  if (done) done(r.type == redis_reply::kind::integer ? r.integer : failed);
                });
}

}  // namespace parley::cluster
