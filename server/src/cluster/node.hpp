// This process as a member of the cluster (docs/cluster.md): its id, its two Redis
// connections (commands; subscriptions), its heartbeat, the sweep that removes the members of
// dead processes, and the membership scripts (scripts.hpp) for meetings.
//
// Losing Redis (docs/cluster.md "Losing Redis"): a connection lost, or a heartbeat without a
// reply for reply_timeout, drops both connections; the listener hears on_lost(), and new
// connections are tried with a growing delay (reconnect_first doubling to reconnect_max, with
// jitter) until both are up again; then this process's channels are subscribed, its heartbeat
// announced, the leaves and unwaits Redis missed sent again, and the listener hears on_back()
// to rebuild the rest.
//
// Channels: parley:ch:p:<id> (messages for this process: relays to its sockets) and
// parley:ch:m:<meeting> (every change and broadcast of a meeting), subscribed per meeting
// while this process has a room for it (watch/unwatch).
//
// Threads: thread-safe. Callbacks run on the Redis connections' strands: post onwards.
// Lifetime: shared_ptr; the listener is held weakly.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "cluster/redis_connection.hpp"
#include "core/net.hpp"

namespace parley::cluster {

/// What the node hears, on a Redis strand (implementations post to their own).
class node_listener {
 public:
  virtual ~node_listener() = default;
  /// A message on meeting `meeting_id`'s channel (unvalidated: parse it as client input).
  virtual void on_meeting_message(const std::string& meeting_id, std::string payload) = 0;
  /// A message on this process's own channel or the one all processes hear (unvalidated).
  virtual void on_process_message(std::string payload) = 0;
  /// Redis was lost: nothing more arrives on the channels (joins waiting for theirs fail).
  virtual void on_lost() = 0;
  /// Redis is back after on_lost() (possibly empty): this process's own channels are
  /// subscribed and its heartbeat announced; meeting channels and members are the
  /// listener's to rebuild.
  virtual void on_back() = 0;
  /// The sweep removed `user_id`'s last member of `meeting_id` (its process died): store left_at.
  virtual void on_reaped(const std::string& meeting_id, const std::string& user_id) = 0;
  /// The meetings this process holds a room for, whose keys it keeps alive
  /// (node_options::meeting_refresh_every). Any thread.
  virtual std::vector<std::string> held_meetings() = 0;
};

struct node_options {
  /// A process whose key is older than this is dead: long enough to ride out a busy moment,
  /// short enough that its participants leave within 15 s (docs/cluster.md "Liveness").
  std::chrono::milliseconds heartbeat_ttl{5000};
  /// Refresh (and sweep) this often: two refreshes per TTL survive one late timer.
  std::chrono::milliseconds heartbeat_every{2000};
  /// The first reconnect after a loss waits this long, each failed one doubles it: quick
  /// for a Redis that restarts at once, without hammering one that stays down.
  std::chrono::milliseconds reconnect_first{100};
  /// The longest wait between two reconnects (each is jittered to half..full): a Redis that
  /// comes back is used again within this long.
  std::chrono::milliseconds reconnect_max{5000};
  /// After Redis came back, the others may still be waiting out their reconnect delay: for
  /// this long this process does not sweep them (their heartbeat may not be there yet) and
  /// rooms keep the members they have not re-registered yet (docs/cluster.md "Losing Redis").
  std::chrono::milliseconds rebuild_grace{7000};
  /// A Redis that has not answered a heartbeat, or not completed a connect, for this long is
  /// lost even though its connections stay open (a paused process): as long as our key lives.
  std::chrono::milliseconds reply_timeout{5000};
  /// How often the heartbeat gives the keys of the meetings this process holds rooms for
  /// scripts::meeting_ttl (1 h) to live again (docs/cluster.md "Keys"): a sixth of it, so a
  /// live meeting idle for an hour survives five missed refreshes, at one script per process
  /// every 10 min.
  std::chrono::milliseconds meeting_refresh_every{600000};
};

class node : public std::enable_shared_from_this<node> {
 public:
  using seq_fn = std::function<void(long long)>;  ///< a script's number; -100 when Redis failed
  /// A moderation script's {seq, n} (scripts.hpp); seq -100 when Redis failed.
  using change_fn = std::function<void(long long seq, long long n)>;

  static std::shared_ptr<node> create(net::any_io_executor ex, redis_url url,
                                      node_options opts = {});
  node(net::any_io_executor ex, redis_url url, node_options opts);

  /// This process's id in the cluster: 16 random hex digits.
  const std::string& id() const { return id_; }
  void set_listener(std::weak_ptr<node_listener> l) { listener_ = std::move(l); }
  /// Connects both connections, subscribes to this process's channel, starts the heartbeat.
  void start();
  /// Stops the heartbeat and closes the connections (pending replies still arrive).
  void stop();
  /// Whether both connections are up (false while Redis is lost, until it is back).
  bool up() const { return up_.load(); }
  const node_options& options() const { return opts_; }

  /// Subscribes to the meeting's channel; `confirmed` runs once messages flow.
  void watch(const std::string& meeting_id, std::function<void()> confirmed);
  void unwatch(const std::string& meeting_id);

  /// scripts::join. With `user_id`, the meeting's ban, lock and lobby are checked too
  /// (`admitted`: a join let in from the lobby, which passes lock and lobby).
  void join(const std::string& meeting, const std::string& socket_id, const std::string& entry,
            std::size_t max, seq_fn done, const std::string& user_id = {}, bool admitted = false);
  void leave(const std::string& meeting, const std::string& socket_id, const std::string& reason,
             seq_fn done = {});
  void update(const std::string& meeting, const std::string& socket_id, const std::string& patch,
              const std::string& event, seq_fn done = {});
  /// scripts::snapshot; `seed` (JSON, may be empty) is the store's moderation state.
  void snapshot(const std::string& meeting, redis_connection::reply_fn done,
                const std::string& seed = {});
  void end(const std::string& meeting);
  // Moderation (scripts.hpp, docs/cluster.md "Moderation").
  void wait(const std::string& meeting, const std::string& socket_id, const std::string& entry,
            const std::string& user_id, seq_fn done);
  void unwait(const std::string& meeting, const std::string& socket_id);
  void resolve(const std::string& meeting, const std::string& user_id, const std::string& outcome,
               change_fn done);
  void mute(const std::string& meeting, const std::string& kind, const std::string& by,
            const std::string& sockets, change_fn done);
  void ban(const std::string& meeting, const std::string& user_id, const std::string& by,
           change_fn done);
  void set_role(const std::string& meeting, const std::string& user_id, const std::string& role,
                change_fn done);
  void set_flag(const std::string& meeting, const std::string& field, bool on, change_fn done);

  /// scripts::rate: takes one token of `user_id`'s bucket `cls` (docs/cluster.md "Per-user
  /// limits"); `done` gets 1 (taken), 0 (refused: empty) or -100 (Redis failed).
  void take_token(const std::string& user_id, std::string_view cls, double per_second, double burst,
                  seq_fn done);

  /// PUBLISH on the meeting's channel; `done` gets the receivers (-100 when Redis failed).
  void publish_meeting(const std::string& meeting, std::string payload, seq_fn done = {});
  /// PUBLISH on the channel every process hears (parley:ch:all).
  void broadcast(std::string payload);
  /// PUBLISH on process `process`'s channel; `done` gets 1 when it was listening, else 0.
  void send_to(const std::string& process, std::string payload, seq_fn done = {});

 private:
  /// Makes two new connections (generation gen_) and connects them; up once both are.
  void connect();
  /// Both connections of generation `gen` are up and this process's channels subscribed:
  /// reads the epoch, then came_up.
  void connected(unsigned gen);
  void came_up(unsigned gen, const std::string& epoch);
  /// A connection of generation `gen` failed, was lost or stopped answering: both are
  /// aborted, a reconnect is scheduled.
  void down(unsigned gen);
  void schedule_reconnect();
  std::shared_ptr<redis_connection> cmd() const;
  std::shared_ptr<redis_connection> sub() const;
  void heartbeat();
  /// scripts::refresh for the listener's held_meetings(), in batches.
  void refresh_meetings();
  void announce();
  void on_message(const std::string& channel, std::string payload);
  void eval(std::string_view script, std::vector<std::string> args, seq_fn done);
  /// eval; kept in owed_ when Redis did not answer, and sent again by pay_owed().
  void owe(std::string_view script, std::vector<std::string> args, seq_fn done);
  void pay_owed();
  void eval_change(std::string_view script, std::vector<std::string> args, change_fn done);

  const std::string id_;
  const node_options opts_;
  const net::any_io_executor ex_;
  const redis_url url_;
  mutable std::mutex mu_;  // guards cmd_, sub_, gen_, attempt_: held to copy or swap them
  std::shared_ptr<redis_connection> cmd_;
  std::shared_ptr<redis_connection> sub_;
  unsigned gen_ = 0;      ///< bumped per set of connections: callbacks of older ones are ignored
  unsigned attempt_ = 0;  ///< failed reconnects in a row
  std::string epoch_;     ///< parley:epoch as last read: another one means Redis was emptied
  /// Leaves and unwaits Redis did not take while it was lost (owe()).
  std::vector<std::pair<std::string_view, std::vector<std::string>>> owed_;
  net::steady_timer timer_;
  net::steady_timer retry_;
  net::steady_timer connect_timer_;  ///< a connect that has not come up within reply_timeout
  std::weak_ptr<node_listener> listener_;
  std::atomic<bool> up_{false};
  std::atomic<bool> was_up_{false};  ///< up once: the next up is a comeback (on_back)
  std::atomic<bool> beating_{false};
  std::atomic<bool> stopped_{false};
  /// No sweep before this (steady_clock ticks): set when Redis came back.
  std::atomic<std::chrono::steady_clock::rep> sweep_after_{0};
  /// The next refresh of the held meetings' keys is due (steady_clock ticks; timer_ only).
  std::chrono::steady_clock::time_point refresh_due_{};
  /// When Redis last answered a heartbeat (steady_clock ticks).
  std::atomic<std::chrono::steady_clock::rep> last_reply_{0};
};

/// "parley:ch:m:<meeting>"
std::string meeting_channel_name(const std::string& meeting_id);

}  // namespace parley::cluster
