#include "isolation/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace berth::isolation {
namespace {

std::string errno_text(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

void close_fd(int& fd) noexcept {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

ChildExit describe_wait_status(int status) {
  ChildExit exit;
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* abbrev = sigabbrev_np(sig);
    exit.signal = abbrev ? "SIG" + std::string(abbrev) : "signal " + std::to_string(sig);
    exit.what = "crashed (" + *exit.signal + ")";
  } else if (WIFEXITED(status)) {
    exit.clean = WEXITSTATUS(status) == 0;
    exit.what = "exited with status " + std::to_string(WEXITSTATUS(status));
  } else {
    exit.what = "ended (wait status " + std::to_string(status) + ")";
  }
  return exit;
}

Expected<std::unique_ptr<ChildProcess>> ChildProcess::spawn(const std::string& binary,
                                                            const ChildLimits& limits) {
  int pair[2], out[2], err[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    return unexpected(errno_text("socketpair"));
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(pair[0]), ::close(pair[1]);
    return unexpected(errno_text("pipe"));
  }
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(pair[0]), ::close(pair[1]), ::close(out[0]), ::close(out[1]);
    return unexpected(errno_text("pipe"));
  }
  const std::string parent = std::to_string(::getpid());
  // argv[0] is what `ps` shows; the file run is `binary`.
  const char* argv[] = {"berth", "plugin-child", "--fd", "3", "--parent", parent.c_str(), nullptr};
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec: the host has other threads.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::dup2(pair[1], 3);
    ::fcntl(3, F_SETFD, 0);  // dup2 onto itself would have kept close-on-exec
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    ::syscall(SYS_close_range, 4u, ~0u, 0u);
    if (limits.address_space > 0) {
      const rlimit limit{limits.address_space, limits.address_space};
      ::setrlimit(RLIMIT_AS, &limit);
    }
    if (limits.open_files > 0) {
      const rlimit limit{static_cast<rlim_t>(limits.open_files),
                         static_cast<rlim_t>(limits.open_files)};
      ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(binary.c_str(), const_cast<char* const*>(argv));
    ::_exit(127);
  }
  ::close(pair[1]), ::close(out[1]), ::close(err[1]);
  if (pid < 0) {
    ::close(pair[0]), ::close(out[0]), ::close(err[0]);
    return unexpected(errno_text("fork"));
  }
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->pid_ = pid;
  child->socket_ = pair[0];
  child->out_ = out[0];
  child->err_ = err[0];
  return child;
}

ChildProcess::~ChildProcess() {
  kill();
  wait_for(std::chrono::seconds(5));
  close_fd(socket_);
  close_fd(out_);
  close_fd(err_);
}

void ChildProcess::kill() noexcept {
  std::lock_guard lock(mutex_);
  if (!exit_ && pid_ > 0) ::kill(pid_, SIGKILL);
}

std::optional<ChildExit> ChildProcess::wait_for(std::chrono::milliseconds timeout) noexcept {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (exit_) return exit_;
      int status = 0;
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        exit_ = describe_wait_status(status);
        return exit_;
      }
      if (done < 0 && errno != EINTR) {
        exit_ = ChildExit{"vanished (" + errno_text("waitpid") + ")", std::nullopt, false};
        return exit_;
      }
    }
    if (std::chrono::steady_clock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace berth::isolation
