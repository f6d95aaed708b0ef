// websocket_transport over TLS (docs/tls.md, "WebSocket over TLS"). The handshake and the
// upgrade request went through asio's ssl::stream; from then on the connection drives the
// session's OpenSSL object itself, so that a TLS connection makes the plain path's system
// calls and adds only the crypto. OpenSSL reads and writes through a BIO of our own: reads
// come from the bytes just drained off the socket (every one is taken before the next read,
// a partial record staying inside OpenSSL), writes are appended to a string that the plain
// write path then puts on the socket. The ssl::stream is dropped with its two 17 KiB buffers.
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "engineio/websocket_transport.hpp"

namespace parley::engineio {
namespace {

/// The plaintext one decrypting pass gathers before framing it (as the plain path's read).
constexpr std::size_t plain_chunk = 64 * 1024;
/// The largest TLS record's plaintext: each SSL_write of this much makes one full record.
constexpr std::size_t record_size = 16 * 1024;

char* plain_buffer() {
  thread_local const std::unique_ptr<char[]> buffer(new char[plain_chunk]);
  return buffer.get();
}

/// SSL_get_error() reads the thread's error queue, so nothing stale (another connection's
/// failure) may be left in it; ERR_clear_error() itself costs more than this look.
void clear_errors() {
  if (ERR_peek_error() != 0) ERR_clear_error();
}

detail::tls_io& io_of(BIO* bio) {
  return *static_cast<detail::tls_io*>(BIO_get_data(bio));
}

int bio_read(BIO* bio, char* to, int size) {
  auto& io = io_of(bio);
  BIO_clear_retry_flags(bio);
  if (io.in_size == 0) {
    BIO_set_retry_read(bio);  // OpenSSL keeps a partial record until the next read
    return -1;
  }
  const std::size_t n = std::min(io.in_size, static_cast<std::size_t>(size));
  std::memcpy(to, io.in, n);
  io.in += n;
  io.in_size -= n;
  return static_cast<int>(n);
}

int bio_write(BIO* bio, const char* from, int size) {
  BIO_clear_retry_flags(bio);
  io_of(bio).out->append(from, static_cast<std::size_t>(size));
  return size;
}

long bio_ctrl(BIO* bio, int cmd, long, void*) {
  switch (cmd) {
    case BIO_CTRL_FLUSH:
      return 1;
    case BIO_CTRL_PENDING:
      return static_cast<long>(io_of(bio).in_size);
    case BIO_CTRL_WPENDING:
      return static_cast<long>(io_of(bio).out->size());
    default:
      return 0;
  }
}

int bio_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

const BIO_METHOD* bio_method() {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "parley websocket");
    BIO_meth_set_read(m, bio_read);
    BIO_meth_set_write(m, bio_write);
    BIO_meth_set_ctrl(m, bio_ctrl);
    BIO_meth_set_create(m, bio_create);
    return m;
  }();
  return method;
}

}  // namespace

std::unique_ptr<detail::tls_io> websocket_transport::adopt_tls(http::tls_stream& stream) {
  SSL* ssl = stream.native_handle();
  BIO* pair = SSL_get_rbio(ssl);  // asio's BIO pair, between OpenSSL and asio's buffers
  // Everything OpenSSL wrote has reached the socket: asio completes no operation before that.
  // Were it otherwise, the peer's record stream would miss bytes; fail instead.
  if (!pair || BIO_ctrl_wpending(pair) != 0 || SSL_up_ref(ssl) != 1) return nullptr;
  auto io = std::make_unique<detail::tls_io>();
  io->ssl.reset(ssl);
  // Ciphertext asio had passed to OpenSSL and OpenSSL had not read yet: a client that sent
  // before it had the 101. (Bytes still in asio's own input buffer would be lost; there are
  // some only when over 17 KiB were sent that early, and the connection then fails.)
  if (const std::size_t n = BIO_ctrl_pending(pair)) {
    io->early.resize(n);
    if (BIO_read(pair, io->early.data(), static_cast<int>(n)) != static_cast<int>(n))
      return nullptr;
  }
  BIO* bio = BIO_new(bio_method());
  if (!bio) return nullptr;
  BIO_set_data(bio, io.get());
  SSL_set_bio(ssl, bio, bio);  // frees asio's half of the pair; asio frees its own
  // Our BIO never blocks: one SSL_write puts a whole batch into records.
  SSL_clear_mode(ssl, SSL_MODE_ENABLE_PARTIAL_WRITE);
  // Record buffers are released after each read pass and each flush (SSL_free_buffers), not
  // after each record: a burst of small records costs one allocation, and an idle connection
  // still holds none.
  SSL_clear_mode(ssl, SSL_MODE_RELEASE_BUFFERS);
  ERR_clear_error();
  return io;
}

bool websocket_transport::tls_take(const char* data, std::size_t n) {
  SSL* ssl = tls_->ssl.get();
  tls_->in = data;
  tls_->in_size = n;
  char* plain = plain_buffer();
  std::size_t have = 0;
  bool ok = true;
  clear_errors();
  for (;;) {
    std::size_t got = 0;
    const int r = SSL_read_ex(ssl, plain + have, plain_chunk - have, &got);
    if (r == 1) {
      have += got;
      if (have < plain_chunk) continue;
      if (!take(plain, have)) {
        ok = false;
        have = 0;
        break;
      }
      have = 0;
      continue;
    }
    const int error = SSL_get_error(ssl, r);
    if (error == SSL_ERROR_WANT_READ) break;  // every byte taken; a partial record waits
    // What came before the end is delivered first.
    if (have > 0 && !take(plain, have)) {
      ok = false;
      have = 0;
      break;
    }
    have = 0;
    // close_notify: the peer is gone. Anything else (a bad record, an unexpected message, a
    // fatal alert) fails the connection; OpenSSL has queued its own alert, sent on abort().
    report_closed(error == SSL_ERROR_ZERO_RETURN || input_closed_ ? "transport close"
                                                                  : "transport error");
    ERR_clear_error();
    abort();
    ok = false;
    break;
  }
  tls_->in = nullptr;  // points into the caller's buffer: never kept
  tls_->in_size = 0;
  SSL_free_buffers(ssl);  // kept while a partial record is in it
  return ok && (have == 0 || take(plain, have));
}

bool websocket_transport::tls_encrypt(const std::vector<net::const_buffer>& frames,
                                      std::string& out) {
  SSL* ssl = tls_->ssl.get();
  out.clear();
  if (!tls_->pending.empty()) {  // OpenSSL's own output goes first, in the order it was made
    out.append(tls_->pending);
    std::string().swap(tls_->pending);
  }
  tls_->out = &out;
  clear_errors();
  // Frames are gathered into full records: a burst of small messages is one record, not
  // one per buffer.
  thread_local const std::unique_ptr<char[]> record(new char[record_size]);
  std::size_t fill = 0;
  bool ok = true;
  auto seal = [&] {
    std::size_t written = 0;
    ok = ok && (fill == 0 || SSL_write_ex(ssl, record.get(), fill, &written) == 1);
    fill = 0;
  };
  for (const auto& b : frames) {
    const char* from = static_cast<const char*>(b.data());
    for (std::size_t left = b.size(); left > 0 && ok;) {
      const std::size_t n = std::min(left, record_size - fill);
      std::memcpy(record.get() + fill, from, n);
      fill += n;
      from += n;
      left -= n;
      if (fill == record_size) seal();
    }
  }
  seal();
  SSL_free_buffers(ssl);
  tls_->out = &tls_->pending;
  if (!ok) ERR_clear_error();
  return ok;
}

void websocket_transport::tls_close_notify() {
  // Only between writes: in the middle of one, these bytes would cut a record in two.
  if (!backlog_.empty()) return;
  ERR_clear_error();
  SSL_shutdown(tls_->ssl.get());  // a failed connection sends nothing more (its alert is queued)
  ERR_clear_error();
  if (tls_->pending.empty()) return;
  error_code ec;
  socket_.write_some(net::buffer(tls_->pending), ec);  // what the socket takes now, or nothing
  std::string().swap(tls_->pending);
}

}  // namespace parley::engineio
