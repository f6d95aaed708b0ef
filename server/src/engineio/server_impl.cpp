#include "engineio/server_impl.hpp"

#include <vector>

#include "core/log.hpp"
#include "engineio/session.hpp"
#include "engineio/sid.hpp"
#include "engineio/websocket_handshake.hpp"
#include "http/responses.hpp"

namespace parley::engineio {
namespace {

std::string header(const http::request& req, bhttp::field f) {
  auto it = req.find(f);
  return it == req.end() ? std::string() : std::string(it->value());
}

/// Answers a refused WebSocket upgrade on the connection (plain or TLS), then closes it.
void refuse_upgrade(http::connection conn, errc e, unsigned version) {
  std::visit(
      [&](auto& stream) {
        using stream_type = std::decay_t<decltype(stream)>;
        struct pending {
          stream_type stream;
          http::response res;
        };
        auto p = std::make_shared<pending>(
            pending{std::move(stream), error_response(e, version, false)});
        http::add_common_headers(p->res, std::is_same_v<stream_type, http::tls_stream>);
        beast::get_lowest_layer(p->stream).expires_after(std::chrono::seconds(5));
        bhttp::async_write(p->stream, p->res, [p](error_code, std::size_t) {
          error_code ec;
          beast::get_lowest_layer(p->stream).socket().shutdown(tcp::socket::shutdown_both, ec);
        });
      },
      conn);
}

}  // namespace

server_impl::server_impl(net::any_io_executor ex, options opts)
    : ex_(std::move(ex)),
      opts_(std::make_shared<const options>(std::move(opts))),
      cors_(opts_->cors_origins) {}

std::optional<errc> server_impl::verify(const query& q, const http::request& req,
                                        bool is_upgrade) const {
  const bool known = (q.transport == "polling" && opts_->allow_polling) ||
                     (q.transport == "websocket" && opts_->allow_websocket);
  if (!known) return errc::unknown_transport;
  if (is_upgrade && q.transport != "websocket") return errc::bad_request;
  if (!is_valid_header_value(header(req, bhttp::field::origin))) return errc::bad_request;
  if (!q.sid.empty()) {
    if (!is_upgrade && q.transport != "polling") return errc::bad_request;
    return std::nullopt;  // existence is checked by the caller, which needs the session
  }
  if (req.method() != bhttp::verb::get) return errc::bad_handshake_method;
  if (q.transport == "websocket" && !is_upgrade) return errc::bad_request;
  if (q.eio != "4") return errc::unsupported_protocol_version;
  if (shut_down_) return errc::forbidden;
  return std::nullopt;
}

void server_impl::handle(http::request req, const http::peer& from, http::responder respond) {
  const query q = parse_query(req.target());
  reply r(req, std::move(respond));
  cors_.apply(header(req, bhttp::field::origin), r);
  if (req.method() == bhttp::verb::options && r.has_cors())
    return r.preflight(header(req, bhttp::field::access_control_request_headers));
  if (auto e = verify(q, req, false)) return r.error(*e);
  if (!q.sid.empty()) return handle_with_sid(q, std::move(req), std::move(r));
  handshake_polling(q, req, from, std::move(r));
}

void server_impl::handle_with_sid(const query& q, http::request req, reply r) {
  auto s = find(q.sid);
  if (!s) return r.error(errc::unknown_sid);
  if (req.method() == bhttp::verb::get) {
    net::post(s->get_executor(), [s, r = std::move(r)]() mutable { s->on_poll(std::move(r)); });
  } else if (req.method() == bhttp::verb::post) {
    net::post(s->get_executor(), [s, body = std::move(req.body()), r = std::move(r)]() mutable {
      s->on_post(std::move(body), std::move(r));
    });
  } else {
    r.error(errc::bad_request);
  }
}

void server_impl::handshake_polling(const query& q, const http::request& req,
                                    const http::peer& from, reply r) {
  if (!has_room_for(from.address)) return r.error(errc::forbidden);
  auto s = make_session(q, req, from);
  if (!s) return r.error(errc::bad_request);
  insert(s);
  net::post(s->get_executor(), [self = shared_from_this(), s, r = std::move(r)]() mutable {
    s->start_polling(std::move(r), self->on_connection_);
  });
}

void server_impl::upgrade(http::request req, const http::peer& from, http::connection conn) {
  const query q = parse_query(req.target());
  const unsigned version = req.version();
  if (auto e = verify(q, req, true)) return refuse_upgrade(std::move(conn), *e, version);
  auto switching = ws::switching_protocols(req);
  if (!switching) return refuse_upgrade(std::move(conn), errc::bad_request, version);
  if (q.sid.empty() && !has_room_for(from.address))
    return refuse_upgrade(std::move(conn), errc::forbidden, version);
  std::shared_ptr<session> s = q.sid.empty() ? make_session(q, req, from) : find(q.sid);
  if (!s) {
    return refuse_upgrade(std::move(conn), q.sid.empty() ? errc::bad_request : errc::unknown_sid,
                          version);
  }
  auto ws =
      std::make_shared<websocket_transport>(std::move(conn), s->get_executor(), opts_->max_payload);
  ws->set_output_limit(opts_->max_send_queue_bytes);
  const bool handshake = q.sid.empty();
  ws->accept(std::move(*switching), [self = shared_from_this(), s, ws, handshake](error_code ec) {
    if (ec) return;  // the client went away mid-handshake; a new session was never announced
    if (!handshake) return s->on_upgrade(ws);
    self->insert(s);
    s->start_websocket(ws, self->on_connection_);
  });
}

std::shared_ptr<session> server_impl::make_session(const query& q, const http::request& req,
                                                   const http::peer& from) {
  auto sid = make_sid();
  if (!sid) {
    log::error("engineio_sid_failed", {{"reason", "CSPRNG unavailable"}});
    return nullptr;
  }
  struct handshake hs {
    q.raw, from.address, header(req, bhttp::field::origin), header(req, bhttp::field::user_agent)
  };
  std::weak_ptr<server_impl> weak = weak_from_this();
  net::any_io_executor executor = ex_;
  if (!opts_->one_thread) executor = net::make_strand(ex_);
  return std::make_shared<session>(std::move(executor), std::move(*sid), std::move(hs), opts_,
                                   [weak](const std::string& id) {
                                     if (auto self = weak.lock()) self->erase(id);
                                   });
}

std::shared_ptr<session> server_impl::find(const std::string& sid) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(sid);
  return it == sessions_.end() ? nullptr : it->second;
}

void server_impl::insert(const std::shared_ptr<session>& s) {
  std::lock_guard lock(mutex_);
  if (sessions_.emplace(s->id(), s).second) ++per_address_[s->handshake().remote_address];
}

void server_impl::erase(const std::string& sid) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(sid);
  if (it == sessions_.end()) return;
  auto count = per_address_.find(it->second->handshake().remote_address);
  if (count != per_address_.end() && --count->second == 0) per_address_.erase(count);
  sessions_.erase(it);
}

bool server_impl::has_room_for(const std::string& address) const {
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= opts_->max_sessions) return false;
  auto it = per_address_.find(address);
  return it == per_address_.end() || it->second < opts_->max_sessions_per_address;
}

std::size_t server_impl::session_count() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void server_impl::release() {
  decltype(sessions_) all;
  {
    std::lock_guard lock(mutex_);
    all.swap(sessions_);
    per_address_.clear();
  }
  for (auto& [id, s] : all) s->release();
}

void server_impl::shutdown() {
  shut_down_ = true;
  std::vector<std::shared_ptr<session>> all;
  {
    std::lock_guard lock(mutex_);
    all.reserve(sessions_.size());
    for (auto& [id, s] : sessions_) all.push_back(s);
  }
  for (auto& s : all)
    net::post(s->get_executor(), [s] { s->close_with("server shutting down", false); });
}

}  // namespace parley::engineio
