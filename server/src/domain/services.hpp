// The domain services and what they run on: the store, a blocking thread pool, the config.
// One instance per process, built by the app and shared (shared_ptr) by the REST API and
// Socket.IO signaling.
//
// Async shape: network threads never block on the store or on Argon2. Every async call
// posts its work to the blocking pool and invokes `done(outcome)` ON A POOL THREAD; the
// caller posts back to its own strand:
//
//   svc->async_join(user_id, meeting_id, password,
//       [self = shared_from_this()](domain::outcome<store::meeting_record> r) {
//         net::post(self->strand_, [self, r = std::move(r)]() mutable { self->joined(r); });
//       });
//
// After shutdown() has begun, `done` is called at once (on the caller's thread) with
// errc::unavailable.
//
// Joins and leaves are group-committed (attendance_queue): many sockets' joins share one
// transaction, each `done` still runs only after its own change committed. A join whose
// meeting is cached and needs no password skips the pool's check step and goes straight to
// that queue.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "auth/identity.hpp"
#include "domain/accounts.hpp"
#include "domain/attendance_queue.hpp"
#include "domain/blocking_pool.hpp"
#include "domain/config.hpp"
#include "domain/errc.hpp"
#include "domain/listeners.hpp"
#include "domain/meetings.hpp"
#include "domain/recordings.hpp"
#include "domain/turn_grants.hpp"
#include "domain/work_gate.hpp"
#include "store/store.hpp"

namespace parley::domain {

template <class T>
using callback = std::function<void(outcome<T>)>;

class services {
 public:
  /// Takes ownership of an open store (store::open_store) and starts
  /// `cfg.blocking_threads` pool threads. Calls auth::init_crypto().
  services(std::unique_ptr<store::store> db, config cfg);
  /// Calls shutdown().
  ~services();
  services(const services&) = delete;
  services& operator=(const services&) = delete;

  const config& cfg() const { return cfg_; }
  accounts& account_service() { return accounts_; }
  meetings& meeting_service() { return meetings_; }
  recordings& recording_service() { return recordings_; }
  /// The bound on fresh TURN credentials per user (GET /api/ice-servers). Blocking when shared:
  /// call on the pool.
  turn_grants& turn_grant_bound() { return turn_grants_; }
  /// Whether the store answers now (GET /healthz). Blocking: call on the pool.
  outcome<void> check_store();

  /// Registers a listener (weakly held) for session revocations and ended meetings.
  void add_listener(std::weak_ptr<domain_listener> l) { listeners_.add(std::move(l)); }

  /// Runs `work()` (which returns an outcome<T>, and may block on the store but never runs
  /// Argon2) on the fast lane of the blocking pool, then `done(result)` on the same pool
  /// thread. Exceptions from `work` become unavailable; a full lane is unavailable at once
  /// (docs/api.md "Overload").
  template <class Work, class Done>
  void run(Work work, Done done);
  /// Like run(), on the slow lane (work that may run Argon2), charged to `caller` (a user id,
  /// token or client address): rate_limited when the caller already has
  /// config::slow_per_caller jobs there.
  template <class Work, class Done>
  void run_slow(std::string caller, Work work, Done done);

  // Named wrappers for the calls signaling needs (REST uses run() with the same services).
  /// When the token cache knows the token (accounts::cached_identity), `done` runs at once,
  /// on the caller's thread, before this returns; otherwise on a pool thread.
  void async_authenticate(std::string token, callback<auth::identity> done);
  /// async_check_join, then async_record_join.
  void async_join(std::string user_id, std::string meeting_id, std::optional<std::string> password,
                  callback<store::meeting_record> done);
  /// The join rule's checks (meetings::admit) without writing: `done` gets the meeting's row.
  /// A cached meeting that needs no password answers at once, on the caller's thread; a
  /// password check (Argon2) runs on the slow lane, charged to the user (run_slow).
  void async_check_join(std::string user_id, std::string meeting_id,
                        std::optional<std::string> password, callback<store::meeting_record> done);
  /// Records a checked join (group commit); `done` gets the meeting with its participants.
  void async_record_join(std::string user_id, std::string meeting_id,
                         callback<store::meeting_record> done);
  /// Moderation state and its changes (meetings::moderation, set_flag, set_cohost, ban).
  void async_moderation(std::string meeting_id, callback<store::moderation_record> done);
  void async_set_flag(std::string meeting_id, store::meeting_flag flag, bool on,
                      callback<void> done);
  void async_set_cohost(std::string meeting_id, std::string user_id, bool cohost,
                        callback<void> done);
  void async_ban(std::string meeting_id, std::string user_id, callback<void> done);
  void async_leave(std::string user_id, std::string meeting_id, callback<void> done);
  void async_end(std::string user_id, std::string meeting_id, callback<store::meeting_record> done);
  void async_post_message(std::string user_id, std::string meeting_id, std::string text,
                          callback<store::message_record> done);
  void async_get_meeting(std::string meeting_id, callback<store::meeting_record> done);

  /// Stops taking work, waits for queued work to finish (each `done` runs), then flushes and
  /// closes the store. Blocks; call from the app's main thread after the HTTP server stopped.
  /// Idempotent.
  void shutdown();

 private:
  static void report_exception(const char* what);
  template <class Work, class Done>
  void run_on(blocking_pool& pool, work_gate& gate, std::string caller, Work work, Done done);

  config cfg_;
  std::unique_ptr<store::store> db_;
  listeners listeners_;
  accounts accounts_;
  meetings meetings_;
  recordings recordings_;
  turn_grants turn_grants_;
  attendance_queue attendance_;
  std::atomic<bool> stopping_{false};
  work_gate fast_gate_;
  work_gate slow_gate_;
  blocking_pool pool_;       ///< fast lane: store and token lookups
  blocking_pool slow_pool_;  ///< slow lane: Argon2
};

template <class Work, class Done>
void services::run(Work work, Done done) {
  run_on(pool_, fast_gate_, {}, std::move(work), std::move(done));
}

template <class Work, class Done>
void services::run_slow(std::string caller, Work work, Done done) {
  run_on(slow_pool_, slow_gate_, std::move(caller), std::move(work), std::move(done));
}

template <class Work, class Done>
void services::run_on(blocking_pool& pool, work_gate& gate, std::string caller, Work work,
                      Done done) {
  using result_t = std::invoke_result_t<Work&>;
  if (stopping_.load(std::memory_order_acquire)) {
    done(result_t{failure{errc::unavailable}});
    return;
  }
  if (auto refused = gate.enter(caller)) {
    done(result_t{std::move(*refused)});
    return;
  }
  // Slow work still queued when shutdown() begins is answered `unavailable` instead of run:
  // a queue of Argon2 checks would hold the shutdown for seconds (docs/api.md "Overload").
  const bool skip_when_stopping = &pool == &slow_pool_;
  pool.post([this, &gate, skip_when_stopping, caller = std::move(caller), work = std::move(work),
             done = std::move(done)]() mutable {
    std::optional<result_t> r;
    try {
      if (skip_when_stopping && stopping_.load(std::memory_order_acquire))
        r.emplace(failure{errc::unavailable});
      else
        r.emplace(work());
    } catch (const std::exception& e) {
      report_exception(e.what());
      r.emplace(failure{errc::unavailable});
    }
    gate.leave(caller);
    done(std::move(*r));
  });
}

}  // namespace parley::domain
