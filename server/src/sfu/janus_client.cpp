#include "sfu/janus_client.hpp"

#include "core/log.hpp"

namespace parley::sfu {

namespace {
using clock = std::chrono::steady_clock;
constexpr auto connect_timeout = std::chrono::seconds(5);
}  // namespace

bool parse_ws_url(std::string_view url, ws_url& out) {
  constexpr std::string_view scheme = "ws://";
  if (!url.starts_with(scheme)) return false;
  url.remove_prefix(scheme.size());
  const auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  out.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == authority.size()) return false;
  out.host = std::string(authority.substr(0, colon));
  out.port = std::string(authority.substr(colon + 1));
  if (out.host.front() == '[' && out.host.back() == ']')
    out.host = out.host.substr(1, out.host.size() - 2);
  for (char c : out.port)
    if (c < '0' || c > '9') return false;
  return true;
}

std::shared_ptr<janus_client> janus_client::create(net::any_io_executor ex, janus_options o) {
  return std::make_shared<janus_client>(std::move(ex), std::move(o));
}

janus_client::janus_client(net::any_io_executor ex, janus_options o)
    : opts_(std::move(o)),
      strand_(net::make_strand(ex)),
      resolver_(strand_),
      retry_timer_(strand_),
      tick_timer_(strand_),
      backoff_(opts_.backoff_min) {
  parse_ws_url(opts_.url, url_);
}

void janus_client::start() {
  on_strand([](janus_client& c) {
    c.connect();
    c.tick();
  });
}

void janus_client::stop() {
  on_strand([](janus_client& c) {
    if (c.stopped_) return;
    c.stopped_ = true;
    c.retry_timer_.cancel();
    c.tick_timer_.cancel();
    c.resolver_.cancel();
    c.fail("stopped");
  });
}

void janus_client::connect() {
  if (stopped_) return;
  const std::uint64_t gen = ++generation_;
  auto ws = std::make_shared<stream>(strand_);
  ws_ = ws;
  resolver_.async_resolve(
      url_.host, url_.port,
      [self = shared_from_this(), ws, gen](error_code ec, net::ip::tcp::resolver::results_type rs) {
        if (gen != self->generation_) return;
        if (ec) return self->fail("resolve: " + ec.message());
        beast::get_lowest_layer(*ws).expires_after(connect_timeout);
        beast::get_lowest_layer(*ws).async_connect(
            rs, [self, ws, gen](error_code ec, const net::ip::tcp::endpoint&) {
              if (gen != self->generation_) return;
              if (ec) return self->fail("connect: " + ec.message());
              beast::get_lowest_layer(*ws).expires_never();
              websocket::stream_base::timeout t{};
              t.handshake_timeout = connect_timeout;
              t.idle_timeout = websocket::stream_base::none();
              t.keep_alive_pings = false;
              ws->set_option(t);
              ws->set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
                req.set(bhttp::field::sec_websocket_protocol, "janus-protocol");
              }));
              ws->read_message_max(16 * 1024 * 1024);
              ws->async_handshake(self->url_.host + ":" + self->url_.port, self->url_.path,
                                  [self, gen](error_code ec) {
                                    if (gen != self->generation_) return;
                                    if (ec) return self->fail("handshake: " + ec.message());
                                    self->connected_ = true;
                                    self->read();
                                    self->on_connected();
                                  });
            });
      });
}

void janus_client::on_connected() {
  const std::uint64_t gen = generation_;
  send(create_session(), [self = shared_from_this(), gen](answer a) {
    if (gen != self->generation_) return;
    if (!a.ok || !a.id()) return self->fail("create: " + a.error);
    self->session_ = a.id();
    json::object m = attach_videoroom();
    m["session_id"] = self->session_;
    self->send(std::move(m), [self, gen](answer a) {
      if (gen != self->generation_) return;
      if (!a.ok || !a.id()) return self->fail("attach: " + a.error);
      self->control_ = a.id();
      self->backoff_ = self->opts_.backoff_min;
      self->next_keepalive_ = clock::now() + self->opts_.keepalive;
      log::info("janus_up", {{"url", self->opts_.url}});
      self->set_up(true);
      self->destroy_orphans();
    });
  });
}

void janus_client::read() {
  auto ws = ws_;
  const std::uint64_t gen = generation_;
  ws->async_read(in_, [self = shared_from_this(), ws, gen](error_code ec, std::size_t) {
    if (gen != self->generation_) return;
    if (ec) return self->fail("read: " + ec.message());
    const std::string text = beast::buffers_to_string(self->in_.data());
    self->in_.consume(self->in_.size());
    self->receive(text);
    if (gen == self->generation_) self->read();
  });
}

void janus_client::receive(std::string_view text) {
  reply r = parse(text);
  if (r.kind == kind::malformed) return log::warn("janus_malformed_message");
  if (r.kind == kind::timeout) return fail("session timed out");
  if (!r.transaction.empty()) {
    auto it = pending_.find(r.transaction);
    if (it != pending_.end()) {
      if (r.kind == kind::ack && !it->second.ack_is_final) return;  // the event follows
      callback done = std::move(it->second.done);
      pending_.erase(it);
      answer a;
      a.ok = r.kind != kind::error && r.error.empty();
      a.error = r.error;
      a.r = std::move(r);
      return done(std::move(a));
    }
  }
  if (!r.sender) return;
  if (auto it = watchers_.find(r.sender); it != watchers_.end()) {
    watcher w = it->second;  // the watcher may unwatch itself
    w(r);
  }
}

void janus_client::request(json::object msg, callback done) {
  on_strand([msg = std::move(msg), done = std::move(done)](janus_client& c) mutable {
    if (!c.session_ || !c.up()) return done({false, "Janus is not connected", {}});
    msg["session_id"] = c.session_;
    c.send(std::move(msg), std::move(done));
  });
}

void janus_client::control(json::object body, callback done) {
  on_strand([body = std::move(body), done = std::move(done)](janus_client& c) mutable {
    if (!c.control_ || !c.up()) return done({false, "Janus is not connected", {}});
    json::object m = message(c.control_, std::move(body));
    m["session_id"] = c.session_;
    c.send(std::move(m), std::move(done));
  });
}

void janus_client::send(json::object msg, callback done) {
  const std::string t = random_hex(8);
  const auto* janus = msg.if_contains("janus");
  const bool ack_final = janus && janus->is_string() &&
                         (janus->get_string() == "keepalive" || janus->get_string() == "trickle");
  msg["transaction"] = t;
  if (!opts_.secret.empty()) msg["apisecret"] = opts_.secret;
  pending_[t] = {std::move(done), clock::now() + opts_.timeout, ack_final};
  out_.push_back(json::serialize(msg));
  write_next();
}

void janus_client::write_next() {
  if (writing_ || out_.empty() || !connected_) return;
  writing_ = true;
  auto ws = ws_;
  const std::uint64_t gen = generation_;
  ws->text(true);
  ws->async_write(net::buffer(out_.front()),
                  [self = shared_from_this(), ws, gen](error_code ec, std::size_t) {
                    if (gen != self->generation_) return;
                    self->writing_ = false;
                    if (ec) return self->fail("write: " + ec.message());
                    self->out_.pop_front();
                    self->write_next();
                  });
}

void janus_client::watch(std::uint64_t handle, watcher w) {
  on_strand(
      [handle, w = std::move(w)](janus_client& c) mutable { c.watchers_[handle] = std::move(w); });
}

void janus_client::unwatch(std::uint64_t handle) {
  on_strand([handle](janus_client& c) { c.watchers_.erase(handle); });
}

void janus_client::detach(std::uint64_t handle) {
  on_strand([handle](janus_client& c) {
    c.watchers_.erase(handle);
    if (!c.session_ || !c.up()) return;
    json::object m = sfu::detach(handle);
    m["session_id"] = c.session_;
    c.send(std::move(m), [](answer) {});
  });
}

void janus_client::destroy_later(std::uint64_t room, std::string secret) {
  on_strand([room, secret = std::move(secret)](janus_client& c) mutable {
    c.orphans_.emplace_back(room, std::move(secret));
    if (c.up()) c.destroy_orphans();
  });
}

void janus_client::destroy_orphans() {
  for (auto& [room, secret] : std::exchange(orphans_, {})) {
    json::object m = message(control_, room_destroy(room, secret));
    m["session_id"] = session_;
    send(std::move(m), [](answer) {});  // "no such room" when Janus restarted: fine
  }
}

void janus_client::fail(std::string_view why) {
  ++generation_;  // every completion still in flight is now stale
  if (ws_) {
    error_code ignored;
    beast::get_lowest_layer(*ws_).socket().close(ignored);
    ws_.reset();
  }
  const bool was_up = up();
  connected_ = false;
  writing_ = false;
  session_ = 0;
  control_ = 0;
  out_.clear();
  in_.clear();
  watchers_.clear();
  auto failed = std::exchange(pending_, {});
  set_up(false);
  if (was_up || !stopped_)
    log::warn("janus_down", {{"url", opts_.url},
                             {"error", std::string(why)},
                             {"retryMs", stopped_ ? 0 : backoff_.count()}});
  for (auto& [t, p] : failed) p.done({false, "Janus connection lost", {}});
  if (stopped_) return;
  retry_timer_.expires_after(backoff_);
  retry_timer_.async_wait([self = shared_from_this()](error_code ec) {
    if (!ec) self->connect();
  });
  backoff_ = std::min(backoff_ * 2, opts_.backoff_max);
}

void janus_client::set_up(bool up) {
  if (up_.exchange(up, std::memory_order_acq_rel) == up) return;
  if (on_state_) on_state_(up);
}

void janus_client::tick() {
  if (stopped_) return;
  const auto now = clock::now();
  std::vector<callback> expired;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.deadline <= now) {
      expired.push_back(std::move(it->second.done));
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& done : expired) done({false, "Janus did not answer in time", {}});
  keep_alive();
  tick_timer_.expires_after(std::chrono::seconds(1));
  tick_timer_.async_wait([self = shared_from_this()](error_code ec) {
    if (!ec) self->tick();
  });
}

void janus_client::keep_alive() {
  if (!session_ || !up() || clock::now() < next_keepalive_) return;
  next_keepalive_ = clock::now() + opts_.keepalive;
  json::object m = keepalive();
  m["session_id"] = session_;
  const std::uint64_t gen = generation_;
  send(std::move(m), [self = shared_from_this(), gen](answer a) {
    if (!a.ok && gen == self->generation_) self->fail("keepalive: " + a.error);
  });
}

}  // namespace parley::sfu
