// One Redis connection driven by Asio (docs/cluster.md "Redis client"): hiredis parses and
// encodes RESP, and its async context's event hooks (addRead/delRead/addWrite/delWrite/
// cleanup) arm async_wait on a posix::stream_descriptor that borrows hiredis's socket.
// Everything hiredis does runs on this connection's strand.
//
// A connection is either a command connection (command()) or, once subscribe() was called,
// a subscriber (Redis allows only (UN)SUBSCRIBE on it then). Replies and messages are
// delivered on the strand; callers post to their own strands.
//
// Lifetime: create() returns a shared_ptr; pending waits keep the object alive. When Redis
// goes away every pending command gets redis_reply::lost(), then on_lost runs once; the
// connection is dead for good (a new one is made to reconnect).
// Threads: every public method is thread-safe (it posts to the strand).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "cluster/redis_reply.hpp"
#include "cluster/redis_url.hpp"
#include "core/net.hpp"

struct redisAsyncContext;

namespace parley::cluster {

class redis_connection : public std::enable_shared_from_this<redis_connection> {
 public:
  using reply_fn = std::function<void(const redis_reply&)>;
  using message_fn = std::function<void(const std::string& channel, std::string payload)>;

  static std::shared_ptr<redis_connection> create(net::any_io_executor ex, redis_url url);
  ~redis_connection();
  redis_connection(const redis_connection&) = delete;
  redis_connection& operator=(const redis_connection&) = delete;

  /// Connects and selects the URL's database; `done` gets "" or one line naming the problem.
  void connect(std::function<void(std::string error)> done);
  /// Sends one command; `done` (optional) gets its reply, or redis_reply::lost().
  void command(std::vector<std::string> args, reply_fn done = {});
  /// Messages of every subscribed channel go to `f` (set it before subscribing).
  void on_message(message_fn f);
  /// Subscribes; `confirmed` runs once Redis acknowledged (later messages are delivered), or
  /// once the connection is lost (the caller's next command then fails).
  void subscribe(std::string channel, std::function<void()> confirmed = {});
  void unsubscribe(std::string channel);
  /// Runs once when the connection is lost (not after close()).
  void on_lost(std::function<void()> f);
  /// Disconnects once pending replies arrived.
  void close();
  /// Disconnects now: pending commands get redis_reply::lost() (on_lost does not run). For a
  /// Redis that stopped answering, whose replies may never arrive.
  void abort();

  redis_connection(net::any_io_executor ex, redis_url url);

 private:
  static void hook_add_read(void* self);
  static void hook_del_read(void* self);
  static void hook_add_write(void* self);
  static void hook_del_write(void* self);
  static void hook_cleanup(void* self);
  static void on_connected(const redisAsyncContext* ac, int status);
  static void on_disconnected(const redisAsyncContext* ac, int status);
  static void on_reply(redisAsyncContext* ac, void* reply, void* privdata);
  static void on_pubsub(redisAsyncContext* ac, void* reply, void* privdata);

  void do_connect();
  void arm_read();
  void arm_write();
  void send(const std::vector<std::string>& args, void (*fn)(redisAsyncContext*, void*, void*),
            void* privdata);

  net::strand<net::any_io_executor> strand_;
  redis_url url_;
  net::posix::stream_descriptor fd_;
  redisAsyncContext* ac_ = nullptr;  // strand only; null once hiredis freed it
  bool want_read_ = false, want_write_ = false, reading_ = false, writing_ = false;
  bool closing_ = false;
  std::function<void(std::string)> connected_;
  std::function<void()> lost_;
  message_fn message_;
  std::unordered_map<std::string, std::vector<std::function<void()>>> confirms_;
};

}  // namespace parley::cluster
