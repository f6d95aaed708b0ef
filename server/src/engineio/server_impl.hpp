// The Engine.IO endpoint behind engineio::server: checks each request as the reference server
// does (transport, origin, sid, method, protocol revision), opens sessions, and hands requests
// to the session's strand. The sid map's mutex is held only to look up, insert or erase.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "engineio/cors.hpp"
#include "engineio/errors.hpp"
#include "engineio/query.hpp"
#include "engineio/server.hpp"

namespace parley::engineio {

class session;

class server_impl : public std::enable_shared_from_this<server_impl> {
 public:
  server_impl(net::any_io_executor ex, options opts);

  void on_connection(server::connection_handler h) { on_connection_ = std::move(h); }
  void shutdown();
  void release();
  std::size_t session_count() const;
  const options& opts() const { return *opts_; }

  void handle(http::request req, const http::peer& from, http::responder respond);
  void upgrade(http::request req, const http::peer& from, http::connection conn);

 private:
  /// The protocol's checks common to both entry points; nullopt when the request may proceed.
  std::optional<errc> verify(const query& q, const http::request& req, bool is_upgrade) const;
  void handle_with_sid(const query& q, http::request req, reply r);
  void handshake_polling(const query& q, const http::request& req, const http::peer& from, reply r);
  std::shared_ptr<session> make_session(const query& q, const http::request& req,
                                        const http::peer& from);
  std::shared_ptr<session> find(const std::string& sid) const;
  void insert(const std::shared_ptr<session>& s);
  void erase(const std::string& sid);
  /// Whether a new session from `address` stays within the session caps.
  bool has_room_for(const std::string& address) const;

  net::any_io_executor ex_;
  std::shared_ptr<const options> opts_;
  cors_policy cors_;
  server::connection_handler on_connection_;
  std::atomic<bool> shut_down_{false};
  mutable std::mutex mutex_;
  /// Keyed by views of the sessions' own ids (a session outlives its entry).
  std::unordered_map<std::string_view, std::shared_ptr<session>> sessions_;
  std::unordered_map<std::string, std::size_t> per_address_;  ///< sessions_ by client address
};

}  // namespace parley::engineio
