// Not a test: the raw Engine.IO echo server the node suite (tests/engineio/) runs against when
// no parley-sio-fixture is given. Skipped unless PARLEY_EIO_SERVE is set; then it serves with
// the fixture's timings (ping 300 ms / 200 ms, CORS "*"), prints "PARLEY_EIO_PORT=<port>" and
// runs until its stdin closes (or PARLEY_EIO_SERVE seconds pass, 120 at most).
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "loopback.hpp"

namespace parley::engineio {
namespace {

TEST(EchoServer, ServeForNodeTests) {
  const char* serve = std::getenv("PARLEY_EIO_SERVE");
  if (!serve) GTEST_SKIP() << "set PARLEY_EIO_SERVE=<seconds> to serve the node suite";
  options o;
  o.ping_interval = std::chrono::milliseconds(300);
  o.ping_timeout = std::chrono::milliseconds(200);
  o.cors_origins = {"*"};
  testing::loopback lb(o);
  std::printf("PARLEY_EIO_PORT=%u\n", static_cast<unsigned>(lb.port()));
  std::fflush(stdout);
  const int seconds = std::clamp(std::atoi(serve), 1, 120);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  pollfd in{STDIN_FILENO, POLLIN, 0};
  char buf[64];
  while (std::chrono::steady_clock::now() < deadline) {
    if (::poll(&in, 1, 100) > 0 && ::read(STDIN_FILENO, buf, sizeof buf) <= 0) break;  // EOF
  }
  EXPECT_GT(lb.port(), 0);
}

}  // namespace
}  // namespace parley::engineio
