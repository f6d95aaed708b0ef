// http::server over TLS (docs/tls.md): handshake and ALPN, protocol versions, HSTS, bad input
// on the TLS port, and SIGHUP-style reloads that leave open connections alone.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "http/http_test_client.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "tls/self_signed.hpp"
#include "tls/temp_dir.hpp"

namespace parley::http {
namespace {

using namespace std::chrono_literals;
using testing::make_request;
using testing::running_server;

class hello_handler : public handler {
 public:
  void handle(request req, const peer& from, responder respond) override {
    response res{bhttp::status::ok, req.version()};
    res.body() = std::string(from.secure ? "secure|" : "plain|") + std::string(req.target());
    res.prepare_payload();
    respond(std::move(res));
  }
};

/// A certificate pair in a temporary folder and a server using it.
struct tls_fixture {
  tls::testing::temp_dir dir;
  std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
  std::shared_ptr<tls::context_store> store;

  tls_fixture() {
    make(cert, key);
    store = std::make_shared<tls::context_store>(tls::load(cert, key), cert, key);
  }
  void make(const std::string& c, const std::string& k) {
    tls::self_signed_spec spec;
    spec.common_name = "parley.test";
    spec.addresses = {"127.0.0.1"};
    ASSERT_EQ(tls::make_self_signed(c, k, spec), "");
  }
  server_options options(std::chrono::seconds handshake_timeout = 10s) {
    server_options o;
    o.tls = store;
    o.tls_handshake_timeout = handshake_timeout;
    return o;
  }
};

/// A blocking TLS client: no verification (the certificate is self-signed), ALPN offered.
class tls_client {
 public:
  explicit tls_client(std::uint16_t port, int max_version = 0,
                      std::string_view alpn = "\x08http/1.1")
      : ctx_(net::ssl::context::tls_client), stream_(ioc_, ctx_) {
    if (max_version) {
      SSL_set_max_proto_version(stream_.native_handle(), max_version);
      SSL_set_security_level(stream_.native_handle(), 0);  // let the client offer TLS 1.1
    }
    SSL_set_alpn_protos(stream_.native_handle(),
                        reinterpret_cast<const unsigned char*>(alpn.data()),
                        static_cast<unsigned>(alpn.size()));
    stream_.next_layer().connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
  }
  error_code handshake() {
    error_code ec;
    stream_.handshake(net::ssl::stream_base::client, ec);
    return ec;
  }
  response send(request req) {
    req.set(bhttp::field::host, "127.0.0.1");
    req.prepare_payload();
    bhttp::write(stream_, req);
    response res;
    bhttp::read(stream_, buffer_, res);
    return res;
  }
  std::string alpn() {
    const unsigned char* p = nullptr;
    unsigned int n = 0;
    SSL_get0_alpn_selected(stream_.native_handle(), &p, &n);
    return std::string(reinterpret_cast<const char*>(p), n);
  }
  std::string fingerprint() {
    X509* peer = SSL_get1_peer_certificate(stream_.native_handle());
    std::string fp = peer ? tls::fingerprint(peer) : "";
    X509_free(peer);
    return fp;
  }
  int version() { return SSL_version(stream_.native_handle()); }

 private:
  net::io_context ioc_;
  net::ssl::context ctx_;
  net::ssl::stream<tcp::socket> stream_;
  beast::flat_buffer buffer_;
};

/// A raw TCP connection that sends `bytes` (then EOF when `then_eof`), then reports how long
/// the server took to close.
std::chrono::milliseconds time_until_closed(std::uint16_t port, std::string_view bytes,
                                            bool then_eof = false) {
  net::io_context ioc;
  tcp::socket s(ioc);
  s.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
  const auto start = std::chrono::steady_clock::now();
  if (!bytes.empty()) net::write(s, net::buffer(bytes));
  error_code ec;
  if (then_eof) s.shutdown(tcp::socket::shutdown_send, ec);
  char sink[4096];
  while (!ec) s.read_some(net::buffer(sink), ec);  // whatever the server says, until it closes
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

TEST(http_tls, serves_https_with_alpn_http11_and_hsts) {
  tls_fixture f;
  running_server srv(std::make_shared<hello_handler>(), f.options());
  tls_client c(srv.port());
  ASSERT_FALSE(c.handshake());
  EXPECT_EQ(c.alpn(), "http/1.1");
  EXPECT_EQ(c.version(), TLS1_3_VERSION);
  auto res = c.send(make_request(bhttp::verb::get, "/x"));
  EXPECT_EQ(res.body(), "secure|/x");
  EXPECT_EQ(res[bhttp::field::strict_transport_security], "max-age=31536000");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(c.send(make_request(bhttp::verb::get, "/again")).body(), "secure|/again");
}

TEST(http_tls, plain_http_carries_no_hsts) {
  running_server srv(std::make_shared<hello_handler>());
  testing::client c(srv.port());
  auto res = c.send(make_request(bhttp::verb::get, "/x"));
  EXPECT_EQ(res.body(), "plain|/x");
  EXPECT_EQ(res.count(bhttp::field::strict_transport_security), 0u);
}

TEST(http_tls, tls_1_2_is_accepted_and_older_versions_are_not) {
  tls_fixture f;
  running_server srv(std::make_shared<hello_handler>(), f.options());
  tls_client v12(srv.port(), TLS1_2_VERSION);
  ASSERT_FALSE(v12.handshake());
  EXPECT_EQ(v12.version(), TLS1_2_VERSION);
  EXPECT_EQ(v12.send(make_request(bhttp::verb::get, "/12")).body(), "secure|/12");
  tls_client v11(srv.port(), TLS1_1_VERSION);
  EXPECT_TRUE(v11.handshake());
}

TEST(http_tls, a_client_without_alpn_or_only_h2_still_gets_http11) {
  tls_fixture f;
  running_server srv(std::make_shared<hello_handler>(), f.options());
  tls_client none(srv.port(), 0, "");
  ASSERT_FALSE(none.handshake());
  EXPECT_EQ(none.alpn(), "");
  EXPECT_EQ(none.send(make_request(bhttp::verb::get, "/n")).body(), "secure|/n");
  tls_client h2(srv.port(), 0, "\x02h2");
  ASSERT_FALSE(h2.handshake());
  EXPECT_EQ(h2.alpn(), "");
}

TEST(http_tls, garbage_plain_http_and_truncated_hellos_are_closed_and_nothing_else_notices) {
  tls_fixture f;
  running_server srv(std::make_shared<hello_handler>(), f.options(30s));
  tls_client before(srv.port());
  ASSERT_FALSE(before.handshake());
  // Each is closed at once, long before the 30 s handshake timeout.
  EXPECT_LT(time_until_closed(srv.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 10s);
  EXPECT_LT(time_until_closed(srv.port(), std::string(3000, '\x7f')), 10s);
  // A TLS record header announcing a ClientHello, then a cut-off body and EOF.
  EXPECT_LT(
      time_until_closed(srv.port(), std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc", 9), true),
      10s);
  EXPECT_EQ(before.send(make_request(bhttp::verb::get, "/still")).body(), "secure|/still");
}

TEST(http_tls, a_client_that_never_finishes_its_handshake_is_closed_at_the_timeout) {
  tls_fixture f;
  running_server srv(std::make_shared<hello_handler>(), f.options(1s));
  std::thread silent([&] {
    const auto waited = time_until_closed(srv.port(), "");
    EXPECT_GE(waited, 900ms);
    EXPECT_LT(waited, 8s);
  });
  std::thread half([&] {  // the first bytes of a hello, then nothing
    const auto waited = time_until_closed(srv.port(), std::string("\x16\x03\x01\x02\x00", 5));
    EXPECT_GE(waited, 900ms);
    EXPECT_LT(waited, 8s);
  });
  tls_client meanwhile(srv.port());
  ASSERT_FALSE(meanwhile.handshake());
  EXPECT_EQ(meanwhile.send(make_request(bhttp::verb::get, "/m")).body(), "secure|/m");
  silent.join();
  half.join();
}

TEST(http_tls, a_reload_serves_new_connections_the_new_pair_and_keeps_open_ones) {
  tls_fixture f;
  running_server srv(std::make_shared<hello_handler>(), f.options());
  tls_client old_conn(srv.port());
  ASSERT_FALSE(old_conn.handshake());
  const std::string old_fp = old_conn.fingerprint();

  f.make(f.cert, f.key);  // certbot renewed the files
  ASSERT_EQ(f.store->reload(), "");
  tls_client new_conn(srv.port());
  ASSERT_FALSE(new_conn.handshake());
  EXPECT_NE(new_conn.fingerprint(), old_fp);
  EXPECT_EQ(new_conn.fingerprint(), f.store->fingerprint());
  EXPECT_EQ(old_conn.send(make_request(bhttp::verb::get, "/old")).body(), "secure|/old");
  EXPECT_EQ(new_conn.send(make_request(bhttp::verb::get, "/new")).body(), "secure|/new");
}

}  // namespace
}  // namespace parley::http
