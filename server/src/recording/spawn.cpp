#include "recording/spawn.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace parley::recording {

namespace {

/// Reads what is left on `fd` into `out` (the child's stdout pipe) without blocking.
void drain(int fd, std::string* out) {
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return;
    if (out && out->size() < (1u << 20)) out->append(buf, static_cast<std::size_t>(n));
  }
}

}  // namespace

spawn_result run_program(const std::vector<std::string>& argv, const std::string& log_path,
                         std::chrono::seconds limit, std::string* out,
                         const std::atomic<bool>* cancel) {
  const std::string name = argv.empty() ? std::string("?") : argv[0];
  std::vector<char*> args;
  for (const auto& s : argv) args.push_back(const_cast<char*>(s.c_str()));
  args.push_back(nullptr);

  int pipe_fds[2] = {-1, -1};
  if (out) {
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return {false, name + ": pipe: " + std::strerror(errno)};
    ::fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);  // our end only: the child writes blocking
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  const char* log = log_path.empty() ? "/dev/null" : log_path.c_str();
  posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (out)
    posix_spawn_file_actions_adddup2(&fa, pipe_fds[1], 1);
  else
    posix_spawn_file_actions_adddup2(&fa, 2, 1);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (out) ::close(pipe_fds[1]);
  if (rc != 0) {
    if (out) ::close(pipe_fds[0]);
    return {false, name + ": cannot run: " + std::strerror(rc)};
  }
  // Polls rather than blocks in waitpid, to enforce the limit and keep the pipe drained.
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  bool killed = false;
  bool cancelled = false;
  for (;;) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (out) drain(pipe_fds[0], out);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    if (!killed && !cancelled && cancel && cancel->load()) {
      ::kill(pid, SIGKILL);
      cancelled = true;
    }
    if (!killed && !cancelled && std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (out) ::close(pipe_fds[0]);
  if (cancelled) return {false, interrupted};
  if (killed) return {false, name + ": killed after " + std::to_string(limit.count()) + " s"};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {true, {}};
  if (WIFEXITED(status))
    return {false, name + ": exit status " + std::to_string(WEXITSTATUS(status))};
  return {false, name + ": killed by signal " + std::to_string(WTERMSIG(status))};
}

}  // namespace parley::recording
