#include "app/application.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "api/api_handler.hpp"
#include "app/build_paths.hpp"
#include "app/tls_setup.hpp"
#include "cluster/node.hpp"
#include "cluster/redis_url.hpp"
#include "core/log.hpp"
#include "core/net.hpp"
#include "domain/services.hpp"
#include "engineio/server.hpp"
#include "http/forwarded.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "metrics/registry.hpp"
#include "recording/worker.hpp"
#include "sfu/janus_client.hpp"
#include "signaling/meeting_server.hpp"
#include "socketio/server.hpp"
#include "store/open.hpp"

namespace parley::app {
namespace {

/// "turn:turn.example.com:3478?transport=udp" -> "turn.example.com:3478"
std::string host_of(const std::string& url) {
  auto start = url.find(':') + 1;
  auto end = url.find('?', start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/// Cores this process may run on (taskset/cgroup pinning), so a server pinned to one core
/// runs one I/O thread instead of two threads fighting over it.
unsigned usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

/// Each client is a descriptor; the usual soft limit of 1024 would cap a server at ~1000
/// participants, so take the hard limit.
void raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

}  // namespace

std::string content_security_policy(const config& cfg) {
  std::string connect = "'self'";
  for (const auto* list : {&cfg.stun_urls, &cfg.turn_urls})
    for (const auto& url : *list)
      connect += " " + url.substr(0, url.find(':')) + ":" + host_of(url);
  return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
         "img-src 'self' data: blob:; media-src 'self' blob:; connect-src " +
         connect +
         "; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'";
}

namespace {

domain::config services_config(const config& cfg) {
  domain::config c;
  c.turn.secret = cfg.turn_secret;
  c.turn.turn_urls = cfg.turn_urls;
  c.turn.stun_urls = cfg.stun_urls;
  c.turn.ttl = cfg.turn_ttl;
  c.turn.grants_per_hour = cfg.turn_grants;
  c.max_accounts_per_hour = cfg.max_accounts_per_hour;
  c.max_guests_per_hour = cfg.max_guests_per_hour;
  c.shared_attempt_counts = !cfg.redis.empty();  // a cluster (docs/cluster.md)
  return c;
}

engineio::options engineio_options(const config& cfg, unsigned threads) {
  engineio::options o;
  o.one_thread = threads == 1;
  o.path = "/socket.io/";
  o.ping_interval = cfg.ping_interval;
  o.ping_timeout = cfg.ping_timeout;
  o.max_payload = cfg.max_payload;
  o.cors_origins = cfg.cors_origins;
  o.max_sessions = cfg.max_sessions;
  o.max_sessions_per_address = cfg.max_sessions_per_address;
  return o;
}

/// The event limit from --event-rate/--event-burst; either at 0 lifts it (a zero bucket).
signaling::limits signaling_limits(const config& cfg) {
  signaling::limits l;
  bool unlimited = cfg.event_rate <= 0 || cfg.event_burst <= 0;
  l.events_per_second = unlimited ? 0 : cfg.event_rate;
  l.event_burst = unlimited ? 0 : cfg.event_burst;
  l.max_participants = cfg.max_participants ? cfg.max_participants : 8;
  l.sfu_threshold = cfg.sfu_threshold;
  l.sfu_down_delay = std::chrono::seconds(cfg.sfu_down_delay);
  return l;
}

}  // namespace

// Declared in the order they are built; destroyed in reverse, so the HTTP server goes first
// and the services (with the store) outlive everything that calls them. The registry outlives
// the io_context: handlers destroyed with it may still hold rooms, whose destructors update
// metrics.
struct application::parts {
  explicit parts(unsigned threads) : threads(threads), ioc(static_cast<int>(threads)) {}
  const unsigned threads;  ///< I/O threads that run ioc
  metrics::registry registry;
  net::io_context ioc;
  std::shared_ptr<domain::services> services;
  socketio::server io;
  std::shared_ptr<engineio::server> eio;
  std::shared_ptr<sfu::janus_client> janus;     ///< null without --janus
  std::shared_ptr<recording::worker> recorder;  ///< null without --janus (docs/recording.md)
  std::shared_ptr<cluster::node> cluster;       ///< null without --redis
  std::shared_ptr<signaling::meeting_server> signaling;
  std::shared_ptr<http::router> router = std::make_shared<http::router>();
  std::unique_ptr<http::server> server;
  net::signal_set signals{ioc, SIGINT, SIGTERM};
  std::shared_ptr<tls::context_store> tls;  ///< null: plain HTTP
  net::signal_set hangup{ioc};              ///< SIGHUP reloads the TLS pair
  std::atomic<bool> stopping{false};
};

application::application(config cfg)
    : cfg_(std::move(cfg)),
      parts_(std::make_unique<parts>(cfg_.threads ? cfg_.threads : usable_cores())) {}
application::~application() = default;

std::string application::start() {
  auto& p = *parts_;
  // docs/cluster.md "Configuration": an unreachable Redis ends the start with one line.
  if (!cfg_.redis.empty())
    if (auto err = cluster::probe(*cluster::parse_redis_url(cfg_.redis)); !err.empty())
      return "--redis: " + err;
  // Certificate problems end the start before the store is opened or the port bound.
  auto tls = setup_tls(cfg_);
  if (!tls.error.empty()) return tls.error;
  p.tls = std::move(tls.store);
  auto opened = store::open_store(cfg_.store);
  if (!opened.value) return "--store: " + opened.error;
  p.services = std::make_shared<domain::services>(std::move(opened.value), services_config(cfg_));

  auto api = std::make_shared<api::api_handler>(
      p.services, p.registry,
      api::options{.cors_origins = cfg_.cors_origins, .metrics_token = cfg_.metrics_token});
  p.router->mount("/api/", api);
  p.router->mount("/healthz", api);
  p.router->mount("/metrics", api);

  p.eio =
      std::make_shared<engineio::server>(p.ioc.get_executor(), engineio_options(cfg_, p.threads));
  if (!cfg_.janus.empty()) {
    sfu::ws_url url;
    if (!sfu::parse_ws_url(cfg_.janus, url)) return "--janus: must be a ws://host:port URL";
    p.janus = sfu::janus_client::create(p.ioc.get_executor(),
                                        {.url = cfg_.janus, .secret = cfg_.janus_secret});
  }
  if (p.janus) {
    std::error_code ec;
    std::filesystem::create_directories(cfg_.recordings_dir, ec);
    if (ec) return "--recordings-dir: cannot create " + cfg_.recordings_dir + ": " + ec.message();
    p.recorder = std::make_shared<recording::worker>(
        p.services,
        recording::options{.dir = std::filesystem::absolute(cfg_.recordings_dir).string(),
                           .max_bytes = cfg_.recordings_max_bytes});
    p.recorder->recover();  // docs/recording.md "After a crash"
    p.services->recording_service().set_processor([w = std::weak_ptr(p.recorder)](std::string id) {
      if (auto worker = w.lock()) worker->enqueue(std::move(id));
    });
  }
  if (!cfg_.redis.empty())
    p.cluster = cluster::node::create(p.ioc.get_executor(), *cluster::parse_redis_url(cfg_.redis));
  p.signaling =
      signaling::meeting_server::create(p.io.of("/"), p.services, p.registry, p.ioc.get_executor(),
                                        signaling_limits(cfg_), p.janus, p.recorder, p.cluster);
  if (p.janus) p.janus->start();
  if (p.cluster) p.cluster->start();
  p.io.attach(*p.eio);
  p.router->mount("/socket.io/", p.eio);

  std::filesystem::path web_root = cfg_.web_root.empty() ? PARLEY_DEFAULT_WEB_ROOT : cfg_.web_root;
  p.router->set_fallback(
      std::make_shared<http::static_files>(web_root, content_security_policy(cfg_)));

  http::server_options opts;
  opts.host = cfg_.host;
  opts.port = cfg_.port;
  opts.tls = p.tls;
  opts.tls_handshake_timeout = cfg_.tls_handshake_timeout;
  opts.max_connections = cfg_.max_connections;
  opts.max_connections_per_address = cfg_.max_connections_per_address;
  opts.uncounted_addresses = cfg_.trust_proxy;
  // Behind a trusted proxy, requests carry the client's address and scheme (docs/deploy.md).
  std::shared_ptr<http::handler> root = p.router;
  if (!cfg_.trust_proxy.empty())
    root = std::make_shared<http::forwarded_handler>(p.router, cfg_.trust_proxy);
  p.server = std::make_unique<http::server>(p.ioc, opts, root);
  if (auto ec = p.server->listen())
    return "cannot listen on " + cfg_.host + ":" + std::to_string(cfg_.port) + ": " + ec.message();
  log::info("listening",
            {{"host", cfg_.host}, {"port", p.server->port()}, {"tls", p.tls != nullptr}});
  if (p.tls) {
    p.hangup.add(SIGHUP);
    reload_on_sighup();
  }
  return {};
}

void application::reload_on_sighup() {
  parts_->hangup.async_wait([this](error_code ec, int) {
    if (ec) return;
    // A failed reload keeps the pair in service: the server never goes without one.
    if (auto err = parts_->tls->reload(); err.empty())
      log::info("tls_reloaded", {{"sha256", parts_->tls->fingerprint()}});
    else
      log::warn("tls_reload_failed", {{"error", err}});
    reload_on_sighup();
  });
}

std::uint16_t application::port() const {
  return parts_->server ? parts_->server->port() : 0;
}

void application::stop() {
  auto& p = *parts_;
  if (p.stopping.exchange(true)) return;
  log::info("shutting_down");
  p.server->stop();   // no new connections
  p.eio->shutdown();  // clients are told (Engine.IO close) and let go
  // Rooms hand every departure to the store, then the loop stops (bounded: SIGTERM must end
  // the process within 5 s).
  p.signaling->shutdown(std::chrono::seconds(2), [this] {
    // A short grace period lets the close frames and HTTP answers already queued go out.
    auto timer = std::make_shared<net::steady_timer>(parts_->ioc, std::chrono::milliseconds(200));
    timer->async_wait([this, timer](error_code) {
      if (parts_->janus) parts_->janus->stop();  // after the rooms sent their VideoRoom destroys
      if (parts_->cluster) parts_->cluster->stop();  // after the rooms' leave scripts
      parts_->ioc.stop();
    });
  });
}

int application::run() {
  auto& p = *parts_;
  raise_fd_limit();
  p.signals.async_wait([this](error_code ec, int) {
    if (!ec) stop();
  });
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < p.threads; ++i) threads.emplace_back([&p] { p.ioc.run(); });
  p.ioc.run();
  for (auto& t : threads) t.join();
  p.eio->release();  // sessions whose close never completed end with the io_context
  // A recording job's last write (its row `ready`) must reach the store: docs/recording.md.
  if (p.recorder) p.recorder->stop();
  p.services->shutdown();  // finish queued store work, flush and close the store
  log::info("stopped");
  return 0;
}

}  // namespace parley::app
