// A throw-away redis-server for the cluster tests: started on a free loopback port with no
// persistence, stopped (SIGKILL) by stop() or the destructor.
#pragma once

#include <sys/types.h>

#include <string>

namespace parley::cluster::test {

class redis_server {
 public:
  redis_server();
  ~redis_server();
  /// Starts it (again, on the same port); false if it did not answer within 5 s.
  bool start();
  void stop();
  /// SIGSTOP / SIGCONT: connections stay open, nothing is answered meanwhile.
  void pause();
  void resume();
  int port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace parley::cluster::test
