// websocket_transport: reading over TLS (docs/tls.md). The plain path waits for readability
// and drains the socket without blocking; an ssl::stream cannot be read that way (a record
// may need a write, a partial record must stay inside OpenSSL), so a TLS connection keeps one
// asynchronous read in flight, bound to the session's executor, and frames what it returns.
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
  if (ec) {
    // A peer that drops TCP without close_notify (stream_truncated) just went away.
    const bool gone = input_closed_ || ec == net::error::eof ||
                      ec == net::error::connection_reset || ec == net::error::broken_pipe ||
                      ec == net::error::operation_aborted ||
                      ec == net::ssl::error::stream_truncated;
    report_closed(gone ? "transport close" : "transport error");
    abort();
    return;
  }
  if (aborted_) return;
  if (!input_closed_) take(tls_->buffer.get(), n);
  // Writes held for this input batch (send_after_input) go now, whatever ended it.
  if (std::exchange(hold_writes_, false)) schedule_flush();
  if (!aborted_) tls_read();
}

}  // namespace parley::engineio
