#include "cluster/node.hpp"

#include <algorithm>
#include <iterator>
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
      ex_(ex),
      url_(std::move(url)),
      timer_(net::make_strand(ex)),
      retry_(net::make_strand(ex)),
      connect_timer_(net::make_strand(ex)) {}

std::shared_ptr<redis_connection> node::cmd() const {
  std::lock_guard lock(mu_);
  return cmd_;
}

std::shared_ptr<redis_connection> node::sub() const {
  std::lock_guard lock(mu_);
  return sub_;
}

void node::start() {
  connect();
}

void node::connect() {
  std::shared_ptr<redis_connection> c = redis_connection::create(ex_, url_);
  std::shared_ptr<redis_connection> s = redis_connection::create(ex_, url_);
  unsigned gen = 0;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;  // stop() closes what it finds here: nothing new after it
    gen = ++gen_;
    cmd_ = c;
    sub_ = s;
  }
  auto w = weak_from_this();
  auto lost = [w, gen] {
    if (auto n = w.lock()) n->down(gen);
  };
  c->on_lost(lost);
  s->on_lost(lost);
  s->on_message([w](const std::string& ch, std::string payload) {
    if (auto n = w.lock()) n->on_message(ch, std::move(payload));
  });
  // Up once both connected and this process's channels are subscribed, in either order.
  auto waiting = std::make_shared<std::atomic<int>>(2);
  auto one_up = [w, gen, waiting] {
    if (--*waiting > 0) return;
    if (auto n = w.lock()) n->connected(gen);
  };
  const auto failed = [w, gen](const std::string& err) {
    auto n = w.lock();
    if (!n) return;
    if (!n->was_up_) log::error("cluster_redis_unreachable", {{"error", err}});
    n->down(gen);
  };
  // docs/cluster.md "Losing Redis": a Redis that accepts but never answers (paused) is lost too.
  net::post(connect_timer_.get_executor(), [w, gen] {
    auto n = w.lock();
    if (!n) return;
    n->connect_timer_.expires_after(n->opts_.reply_timeout);
    n->connect_timer_.async_wait([w, gen](error_code ec) {
      auto self = w.lock();
      if (ec || !self || self->up_) return;
      self->down(gen);  // ignored when that generation is gone already
    });
  });
  c->connect([one_up, failed](std::string err) {
    if (!err.empty()) return failed(err);
    one_up();
  });
  s->connect([ws = std::weak_ptr(s), one_up, failed, id = id_](std::string err) {
    auto self = ws.lock();
    if (!err.empty() || !self) return failed(err);
    self->subscribe("parley:ch:all");
    self->subscribe("parley:ch:p:" + id, one_up);
  });
}

void node::connected(unsigned gen) {
  {
    std::lock_guard lock(mu_);
    if (gen != gen_ || stopped_) return;
    attempt_ = 0;
  }
  // docs/cluster.md "Losing Redis": parley:epoch tells a Redis that kept its data (the epoch
  // seen before) from one that came back empty (the first process back sets a new one).
  auto c = cmd();
  c->command({"SET", "parley:epoch", random_id(), "NX"});
  c->command({"GET", "parley:epoch"}, [w = weak_from_this(), gen](const redis_reply& r) {
    auto self = w.lock();
    if (!self) return;
    if (r.type != redis_reply::kind::string) return self->down(gen);
    self->came_up(gen, r.str);
  });
}

void node::came_up(unsigned gen, const std::string& epoch) {
  bool kept = false;
  {
    std::lock_guard lock(mu_);
    if (gen != gen_ || stopped_) return;
    kept = epoch == epoch_;
    epoch_ = epoch;
  }
  last_reply_ = std::chrono::steady_clock::now().time_since_epoch().count();
  announce();
  const bool back = was_up_.exchange(true);
  if (back)  // the others get time to come back before a sweep
    sweep_after_ =
        (std::chrono::steady_clock::now() + opts_.rebuild_grace).time_since_epoch().count();
  if (back) {
    pay_owed();  // before the rooms rebuild: their snapshots then no longer hold those members
    log::info("cluster_redis_back", {{"process", id_}, {"kept", kept}});
    // Each room's rebuild is posted before up() turns true: a join that sees it true reaches
    // its room after the rebuild began, and waits for it instead of using the old list.
    if (auto l = listener_.lock()) l->on_back();
  }
  up_ = true;
  if (!beating_.exchange(true))
    net::post(timer_.get_executor(), [self = shared_from_this()] { self->heartbeat(); });
  if (!back) log::info("cluster_joined", {{"process", id_}});
}

void node::down(unsigned gen) {
  std::shared_ptr<redis_connection> c, s;
  {
    std::lock_guard lock(mu_);
    if (gen != gen_ || stopped_) return;
    ++gen_;  // later callbacks of these connections are ignored
    c = cmd_;
    s = sub_;
  }
  c->abort();
  s->abort();
  if (up_.exchange(false)) {
    log::error("cluster_redis_lost", {{"process", id_}});
    if (auto l = listener_.lock()) l->on_lost();
  }
  schedule_reconnect();
}

// docs/cluster.md "Losing Redis": reconnect_first doubling to reconnect_max, each wait drawn
// between half and all of it so that processes do not come back in lockstep.
void node::schedule_reconnect() {
  long long ms = 0;
  {
    std::lock_guard lock(mu_);
    const unsigned shift = std::min(attempt_++, 20u);
    ms = std::min<long long>(opts_.reconnect_max.count(), opts_.reconnect_first.count() << shift);
  }
  thread_local std::mt19937 rng{std::random_device{}()};
  const auto wait =
      std::chrono::milliseconds(std::uniform_int_distribution<long long>(ms / 2, ms)(rng));
  net::post(retry_.get_executor(), [self = shared_from_this(), wait] {
    if (self->stopped_) return;
    self->retry_.expires_after(wait);
    self->retry_.async_wait([w = self->weak_from_this()](error_code ec) {
      if (auto n = w.lock(); n && !ec && !n->stopped_) n->connect();
    });
  });
}

void node::stop() {
  stopped_ = true;
  net::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
  net::post(retry_.get_executor(), [self = shared_from_this()] { self->retry_.cancel(); });
  net::post(connect_timer_.get_executor(),
            [self = shared_from_this()] { self->connect_timer_.cancel(); });
  auto c = cmd();
  auto s = sub();
  // The heartbeat key goes at once: the others need not wait for it to expire.
  c->command({"DEL", "parley:alive:" + id_});
  c->close();
  s->close();
}

void node::announce() {
  auto c = cmd();
  c->command({"SET", "parley:alive:" + id_, "1", "PX", std::to_string(opts_.heartbeat_ttl.count())},
             [w = weak_from_this()](const redis_reply& r) {
               if (auto self = w.lock(); self && !r.is_error())
                 self->last_reply_ = std::chrono::steady_clock::now().time_since_epoch().count();
             });
  c->command({"SADD", "parley:procs", id_});
}

// docs/cluster.md "Liveness": refresh our key, then sweep for processes whose key expired.
// While Redis is lost the commands fail at once; the timer goes on.
void node::heartbeat() {
  if (stopped_) return;
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  const auto silent = std::chrono::steady_clock::duration(now.count() - last_reply_);
  if (up_ && silent > opts_.reply_timeout) {
    // docs/cluster.md "Losing Redis": connections open, no answers (a paused Redis).
    log::error(
        "cluster_redis_unresponsive",
        {{"process", id_},
         {"silentMs", std::chrono::duration_cast<std::chrono::milliseconds>(silent).count()}});
    unsigned gen = 0;
    {
      std::lock_guard lock(mu_);
      gen = gen_;
    }
    down(gen);
  } else if (up_) {
    announce();
    if (const auto t = std::chrono::steady_clock::now(); t >= refresh_due_) {
      refresh_due_ = t + opts_.meeting_refresh_every;
      refresh_meetings();
    }
    if (now.count() >= sweep_after_)
      cmd()->command({"EVAL", std::string(scripts::reap), "0"},
                     [w = weak_from_this()](const redis_reply& r) {
                       auto self = w.lock();
                       if (!self || r.type != redis_reply::kind::array) return;
                       auto l = self->listener_.lock();
                       for (std::size_t i = 0; l && i + 1 < r.elements.size(); i += 2) {
                         log::info("cluster_member_reaped", {{"userId", r.elements[i + 1].str}});
                         l->on_reaped(r.elements[i].str, r.elements[i + 1].str);
                       }
                     });
  }
  timer_.expires_after(opts_.heartbeat_every);
  timer_.async_wait([w = weak_from_this()](error_code ec) {
    if (auto self = w.lock(); self && !ec) self->heartbeat();
  });
}

// docs/cluster.md "Keys": a live meeting's keys never expire, however long nothing changes.
void node::refresh_meetings() {
  auto l = listener_.lock();
  if (!l) return;
  std::vector<std::string> held = l->held_meetings();
  constexpr std::size_t batch = 256;  // 2,048 PEXPIREs: one script holds Redis ~1 ms at most
  for (std::size_t i = 0; i < held.size(); i += batch) {
    const auto from = held.begin() + static_cast<std::ptrdiff_t>(i);
    const auto to = held.begin() + static_cast<std::ptrdiff_t>(std::min(held.size(), i + batch));
    eval(scripts::refresh,
         std::vector<std::string>(std::make_move_iterator(from), std::make_move_iterator(to)), {});
  }
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
  sub()->subscribe(meeting_channel_name(meeting_id), std::move(confirmed));
}

void node::unwatch(const std::string& meeting_id) {
  sub()->unsubscribe(meeting_channel_name(meeting_id));
}

void node::eval(std::string_view script, std::vector<std::string> args, seq_fn done) {
  args.insert(args.begin(), {"EVAL", std::string(script), "0"});
  cmd()->command(std::move(args), [done = std::move(done)](const redis_reply& r) {
    if (r.is_error() && r.str != "connection lost")
      log::error("cluster_script_failed", {{"error", r.str}});
    if (done) done(r.type == redis_reply::kind::integer ? r.integer : failed);
  });
}

void node::eval_change(std::string_view script, std::vector<std::string> args, change_fn done) {
  args.insert(args.begin(), {"EVAL", std::string(script), "0"});
  cmd()->command(std::move(args), [done = std::move(done)](const redis_reply& r) {
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
  owe(scripts::unwait, {meeting, socket_id}, {});
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
  owe(scripts::leave, {meeting, socket_id, reason}, std::move(done));
}

// docs/cluster.md "Losing Redis": a removal Redis did not take is sent again once it is back
// (a kept Redis would otherwise list the member for ever; an empty one answers "not there").
void node::owe(std::string_view script, std::vector<std::string> args, seq_fn done) {
  eval(script, args,
       [w = weak_from_this(), script, args, done = std::move(done)](long long seq) mutable {
         if (seq == failed)
           if (auto self = w.lock()) {
             std::lock_guard lock(self->mu_);
             self->owed_.emplace_back(script, std::move(args));
           }
         if (done) done(seq);
       });
}

void node::pay_owed() {
  std::vector<std::pair<std::string_view, std::vector<std::string>>> owed;
  {
    std::lock_guard lock(mu_);
    owed.swap(owed_);
  }
  for (auto& [script, args] : owed) owe(script, std::move(args), {});
}

void node::update(const std::string& meeting, const std::string& socket_id,
                  const std::string& patch, const std::string& event, seq_fn done) {
  eval(scripts::update, {meeting, socket_id, patch, event}, std::move(done));
}

void node::snapshot(const std::string& meeting, redis_connection::reply_fn done,
                    const std::string& seed) {
  cmd()->command({"EVAL", std::string(scripts::snapshot), "0", meeting, seed}, std::move(done));
}

void node::end(const std::string& meeting) {
  eval(scripts::end, {meeting}, {});
}

void node::take_token(const std::string& user_id, std::string_view cls, double per_second,
                      double burst, seq_fn done) {
  eval(scripts::rate,
       {user_id, std::string(cls), std::to_string(per_second), std::to_string(burst)},
       std::move(done));
}

void node::publish_meeting(const std::string& meeting, std::string payload, seq_fn done) {
  cmd()->command({"PUBLISH", meeting_channel_name(meeting), std::move(payload)},
                 [done = std::move(done)](const redis_reply& r) {
                   if (done) done(r.type == redis_reply::kind::integer ? r.integer : failed);
                 });
}

void node::broadcast(std::string payload) {
  cmd()->command({"PUBLISH", "parley:ch:all", std::move(payload)});
}

void node::send_to(const std::string& process, std::string payload, seq_fn done) {
  cmd()->command({"PUBLISH", "parley:ch:p:" + process, std::move(payload)},
                 [done = std::move(done)](const redis_reply& r) {
                   if (done) done(r.type == redis_reply::kind::integer ? r.integer : failed);
                 });
}

}  // namespace parley::cluster
