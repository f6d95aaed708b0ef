// The WebSocket opening handshake: the RFC's accept-key example and the requests refused.
#include "engineio/websocket_handshake.hpp"

#include <gtest/gtest.h>

namespace parley::engineio::ws {
namespace {

http::request upgrade_request() {
  http::request req{bhttp::verb::get, "/socket.io/?EIO=4&transport=websocket", 11};
  req.set(bhttp::field::host, "localhost");
  req.set(bhttp::field::upgrade, "websocket");
  req.set(bhttp::field::connection, "Upgrade");
  req.set(bhttp::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  req.set(bhttp::field::sec_websocket_version, "13");
  return req;
}

TEST(WebSocketHandshake, AcceptKeyIsTheRfcExample) {
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WebSocketHandshake, AnswersAValidRequest) {
  const auto res = switching_protocols(upgrade_request());
  ASSERT_TRUE(res);
  EXPECT_EQ(*res,
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
}

TEST(WebSocketHandshake, RefusesWhatIsNotAVersion13Handshake) {
  auto version = upgrade_request();
  version.set(bhttp::field::sec_websocket_version, "8");
  auto no_key = upgrade_request();
  no_key.erase(bhttp::field::sec_websocket_key);
  auto short_key = upgrade_request();
  short_key.set(bhttp::field::sec_websocket_key, "c2hvcnQ=");
  auto post = upgrade_request();
  post.method(bhttp::verb::post);
  auto http10 = upgrade_request();
  http10.version(10);
  auto no_upgrade = upgrade_request();
  no_upgrade.erase(bhttp::field::upgrade);
  for (const auto* req : {&version, &no_key, &short_key, &post, &http10, &no_upgrade})
    EXPECT_FALSE(switching_protocols(*req));
}

}  // namespace
}  // namespace parley::engineio::ws
