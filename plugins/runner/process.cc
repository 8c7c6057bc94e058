#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace runner {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    if (read >= 0) ::close(read);
    if (write >= 0) ::close(write);
  }
};

// Splits a stream into lines; a last line without a newline is flushed at EOF.
struct LineBuffer {
  std::string pending;
  void feed(std::string_view stream, const char* data, std::size_t n, const LineSink& sink) {
    pending.append(data, n);
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
      sink(stream, std::string_view(pending).substr(start, nl - start));
    pending.erase(0, start);
  }
  void flush(std::string_view stream, const LineSink& sink) {
    if (!pending.empty()) sink(stream, pending);
    pending.clear();
  }
};

// Only async-signal-safe calls between fork and exec: the host has other threads.
[[noreturn]] void exec_child(char* const* args, int out, int err, int status, pid_t parent) {
  // Dies with the host, even by kill -9. The kernel sends it when the forking thread ends, which
  // for a job thread means the host: the thread waits here until the command is done.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // the host died before prctl took effect
  ::setpgid(0, 0);                          // a group of its own, so cancel reaches grandchildren
  // The signal state of a fresh process: the host blocks SIGTERM in every thread and ignores
  // SIGPIPE, which the command would inherit.
  for (int s : {SIGPIPE, SIGTERM, SIGINT, SIGHUP}) ::signal(s, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  int null = ::open("/dev/null", O_RDONLY);
  if (null < 0 || ::dup2(null, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) {
    int e = errno;
    (void)!::write(status, &e, sizeof e);
    ::_exit(127);
  }
  ::execvp(args[0], args);
  int e = errno;
  (void)!::write(status, &e, sizeof e);  // close-on-exec: the parent reads EOF when exec worked
  ::_exit(127);
}

pid_t spawn(const std::vector<std::string>& argv, int out, int err) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  Pipe status;
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) exec_child(args.data(), out, err, status.write, parent);
  ::setpgid(pid, pid);  // also here, so a kill(-pid) right after fork finds the group
  ::close(status.write);
  status.write = -1;
  int child_errno = 0;
  ssize_t n;
  while ((n = ::read(status.read, &child_errno, sizeof child_errno)) < 0 && errno == EINTR) {
  }
  if (n > 0) {
    ::waitpid(pid, nullptr, 0);
    throw std::runtime_error("cannot start '" + argv[0] + "': " + std::strerror(child_errno));
  }
  return pid;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::stop_token stop,
                          std::chrono::milliseconds timeout, const LineSink& on_line,
                          std::chrono::milliseconds kill_grace) {
  if (argv.empty()) throw std::runtime_error("empty command");
  Pipe out, err;
  pid_t pid = spawn(argv, out.write, err.write);
  ::close(out.write);
  ::close(err.write);
  out.write = err.write = -1;

  ProcessResult result;
  const auto deadline = Clock::now() + timeout;
  Clock::time_point term_sent{};
  bool killed = false, exited = false;
  Clock::time_point exited_at{};
  int status = 0;
  LineBuffer out_lines, err_lines;
  pollfd fds[2] = {{out.read, POLLIN, 0}, {err.read, POLLIN, 0}};
  char buf[8192];

  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    auto now = Clock::now();
    if (!term_sent.time_since_epoch().count() && (stop.stop_requested() || now > deadline)) {
      result.stopped = stop.stop_requested();
      result.timed_out = !result.stopped;
      ::kill(-pid, SIGTERM);
      term_sent = now;
    }
    if (term_sent.time_since_epoch().count() && !killed && now - term_sent > kill_grace) {
      ::kill(-pid, SIGKILL);
      killed = true;
    }
    // The command exited but something it started still holds the pipes: give it a moment.
    if (exited && now - exited_at > std::chrono::seconds(1)) {
      ::kill(-pid, SIGKILL);
      break;
    }
    if (::poll(fds, 2, 100) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? out_lines : err_lines).feed(i == 0 ? "stdout" : "stderr", buf, n, on_line);
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        fds[i].fd = -1;
      }
    }
    if (!exited && ::waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      exited_at = Clock::now();
    }
  }
  out_lines.flush("stdout", on_line);
  err_lines.flush("stderr", on_line);
  if (!exited) ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace runner
