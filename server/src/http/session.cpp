#include "http/session.hpp"

#include "core/log.hpp"
#include "http/responses.hpp"

namespace parley::http {
namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

/// How long, and how much, linger() drains before closing anyway.
constexpr auto linger_time = std::chrono::seconds(2);
constexpr std::size_t linger_bytes = 16 << 20;

bool is_expected_close(const error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::operation_aborted || ec == beast::error::timeout ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == net::ssl::error::stream_truncated;
}

/// What to answer when reading a request failed; nullopt when the peer simply went away.
std::optional<response> answer_read_error(const error_code& ec, unsigned version,
                                          std::size_t body_limit) {
  if (ec == bhttp::error::header_limit)
    return error_response(version, false, bhttp::status::request_header_fields_too_large,
                          "header_too_large", "Request headers are too large.");
  if (ec == bhttp::error::body_limit)
    return error_response(
        version, false, bhttp::status::payload_too_large, "payload_too_large",
        "The request body is larger than " + std::to_string(body_limit) + " bytes.");
  if (is_expected_close(ec) || ec == bhttp::error::partial_message) return std::nullopt;
  return error_response(version, false, bhttp::status::bad_request, "bad_request",
                        "The request is not valid HTTP.");
}

}  // namespace

template <class Stream>
template <class... StreamArgs>
session<Stream>::session(const server_options& opts, std::shared_ptr<handler> root,
                         tcp::socket socket, StreamArgs&&... stream_args)
    : stream_(std::move(socket), std::forward<StreamArgs>(stream_args)...),
      opts_(opts),
      root_(std::move(root)),
      wake_(stream_.get_executor()) {
  error_code ec;
  auto ep = lowest().socket().remote_endpoint(ec);
  if (!ec) peer_.address = ep.address().to_string();
  peer_.secure = secure;
  lowest().socket().set_option(tcp::no_delay(true), ec);
}

template <class Stream>
void session<Stream>::start() {
  net::co_spawn(
      stream_.get_executor(), [self = this->shared_from_this()] { return self->run(); },
      net::detached);
}

template <class Stream>
void session<Stream>::close_when_idle() {
  net::post(stream_.get_executor(), [self = this->shared_from_this()] {
    self->closing_ = true;
    if (self->idle_) {
      error_code ec;
      self->lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
      self->lowest().socket().close(ec);
    }
  });
}

template <class Stream>
net::awaitable<bool> session<Stream>::handshake() {
  if constexpr (secure) {
    // Garbage, plain HTTP and truncated hellos fail at once; a silent peer meets the timeout.
    lowest().expires_after(opts_.tls_handshake_timeout);
    auto [ec] = co_await stream_.async_handshake(net::ssl::stream_base::server, use_tuple);
    if (!ec) co_return true;
    if (!is_expected_close(ec))
      log::debug("tls_handshake_failed", {{"peer", peer_.address}, {"error", ec.message()}});
    error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().socket().close(ignored);
    co_return false;
  } else {
    co_return true;
  }
}

template <class Stream>
net::awaitable<void> session<Stream>::run() {
  if constexpr (secure) {
    if (!co_await handshake()) co_return;
  }
  beast::flat_buffer buffer;
  while (!closing_) {
    idle_ = true;
    auto req = co_await read_request(buffer);
    if (!req) break;
    idle_ = false;
    if (websocket::is_upgrade(*req) && root_->wants_upgrade(*req)) {
      lowest().expires_never();
      root_->upgrade(std::move(*req), peer_,
                     connection(std::in_place_type<Stream>, std::move(stream_)));
      co_return;
    }
    bool keep_alive = req->keep_alive();
    response res = co_await serve(std::move(*req));
    claim_.reset();
    res.keep_alive(keep_alive && res.keep_alive() && !closing_);
    keep_alive = res.keep_alive();
    if (!co_await write(std::move(res)) || !keep_alive) break;
  }
  error_code ec;
  lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
  if (unread_body_ && !ec) co_await linger();
}

template <class Stream>
net::awaitable<void> session<Stream>::linger() {
  idle_ = true;  // close_when_idle() may cut the drain short
  lowest().expires_after(linger_time);
  std::array<char, 16384> scratch;
  // Raw bytes from the TCP layer: nothing needs decrypting to be thrown away.
  for (std::size_t drained = 0; drained < linger_bytes && !closing_;) {
    auto [ec, n] = co_await lowest().async_read_some(net::buffer(scratch), use_tuple);
    if (ec) break;
    drained += n;
  }
}

template <class Stream>
net::awaitable<std::optional<request>> session<Stream>::read_request(beast::flat_buffer& buffer) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(opts_.max_header_bytes));
  parser.body_limit(boost::none);
  lowest().expires_after(opts_.header_timeout);
  auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer, parser, use_tuple);
  std::size_t limit = 0;
  if (!ec) {
    // The handler for this target decides the body limit; a declared length over it is
    // refused before a byte of the body is read.
    limit = root_->body_limit(parser.get().base());
    claim_ = root_->on_header(parser.get().base());
    if (auto len = parser.content_length(); len && *len > limit) ec = bhttp::error::body_limit;
  }
  if (!ec) {
    parser.body_limit(limit);
    lowest().expires_after(opts_.idle_timeout);
    std::tie(ec, n) = co_await bhttp::async_read(stream_, buffer, parser, use_tuple);
  }
  if (ec) {
    claim_.reset();
    if (auto res = answer_read_error(ec, parser.get().version(), limit)) {
      unread_body_ = !parser.is_done();
      co_await write(std::move(*res));
    }
    co_return std::nullopt;
  }
  co_return parser.release();
}

template <class Stream>
net::awaitable<response> session<Stream>::serve(request req) {
  const unsigned version = req.version();
  lowest().expires_never();  // a long-poll may legitimately wait for ping_interval
  pending_.reset();
  wake_.expires_at(net::steady_timer::time_point::max());
  std::weak_ptr<session> weak = this->weak_from_this();
  auto ex = stream_.get_executor();
  root_->handle(std::move(req), peer_, [weak, ex](response res) {
    net::post(ex, [weak, res = std::move(res)]() mutable {
      if (auto self = weak.lock(); self && !self->pending_) {
        self->pending_ = std::move(res);
        self->wake_.cancel();
      }
    });
  });
  while (!pending_) {
    auto [ec] = co_await wake_.async_wait(use_tuple);
    if (!ec && !pending_) break;  // the timer can only expire if nothing ever responded
  }
  if (!pending_)
    co_return error_response(version, false, bhttp::status::internal_server_error, "internal_error",
                             "The server failed to answer.");
  response res = std::move(*pending_);
  pending_.reset();
  co_return res;
}

template <class Stream>
net::awaitable<bool> session<Stream>::write(response res) {
  add_common_headers(res, secure);
  if (!res.has_content_length() && !res.chunked()) res.prepare_payload();
  // One write per chunk, each with its own idle timeout: a long file reaches a slow client
  // as long as it keeps reading (docs/recording.md "REST").
  bhttp::serializer<false, text_or_file_body> sr{res};
  error_code ec;
  while (!ec && !sr.is_done()) {
    lowest().expires_after(opts_.idle_timeout);
    std::size_t n = 0;
    std::tie(ec, n) = co_await bhttp::async_write_some(stream_, sr, use_tuple);
  }
  if (ec && !is_expected_close(ec)) log::debug("http_write_failed", {{"error", ec.message()}});
  co_return !ec;
}

template class session<beast::tcp_stream>;
template class session<tls_stream>;
template session<beast::tcp_stream>::session(const server_options&, std::shared_ptr<handler>,
                                             tcp::socket);
template session<tls_stream>::session(const server_options&, std::shared_ptr<handler>, tcp::socket,
                                      net::ssl::context&);

}  // namespace parley::http
