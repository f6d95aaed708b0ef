// websocket_transport: reading over TLS (docs/tls.md). The plain path waits for readability
// and drains the socket without blocking; an ssl::stream cannot wait that way (a partial
// record stays inside OpenSSL), so a TLS connection keeps one asynchronous read in flight,
// bound to the session's executor. When it completes, the records that arrived with it are
// read synchronously in the same turn (the socket is non-blocking), so a burst of messages
// is framed together and what it produces goes out in one write, as on the plain path.
#include <utility>

#include "engineio/websocket_transport.hpp"

namespace parley::engineio {

void websocket_transport::tls_read() {
  tls_->stream.async_read_some(
      net::buffer(tls_->buffer.get(), tls_read_chunk),
      net::bind_executor(
          socket_.get_executor(),
          [self = shared_from_this()](error_code ec, std::size_t n) { self->on_tls_read(ec, n); }));
}

void websocket_transport::on_tls_read(error_code ec, std::size_t n) {
  if (ec) return tls_failed(ec);
  if (aborted_) return;
  if (!input_closed_ && take(tls_->buffer.get(), n)) tls_drain();
  // Writes held for this input batch (send_after_input) go now, whatever ended it.
  if (std::exchange(hold_writes_, false)) schedule_flush();
  if (!aborted_) tls_read();
}

void websocket_transport::tls_drain() {
  for (int turn = 1; turn < tls_reads_per_turn; ++turn) {
    // Only while no write is in flight: reading can make OpenSSL write (an alert), and the
    // synchronous path would put those bytes on the socket beside the pending write's.
    if (aborted_ || input_closed_ || !backlog_.empty() || over_output_limit()) return;
    error_code ec;
    const std::size_t n =
        tls_->stream.read_some(net::buffer(tls_->buffer.get(), tls_read_chunk), ec);
    if (ec == net::error::would_block || ec == net::error::try_again) return;
    if (ec) return tls_failed(ec);
    if (!take(tls_->buffer.get(), n)) return;
  }
}

void websocket_transport::tls_failed(error_code ec) {
  // A peer that drops TCP without close_notify (stream_truncated) just went away.
  const bool gone = input_closed_ || ec == net::error::eof || ec == net::error::connection_reset ||
                    ec == net::error::broken_pipe || ec == net::error::operation_aborted ||
                    ec == net::ssl::error::stream_truncated;
  report_closed(gone ? "transport close" : "transport error");
  abort();
}

}  // namespace parley::engineio
