#include "app/host_signals.h"

#include "log/logger.h"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

namespace berth::app {
namespace {

using Clock = std::chrono::steady_clock;

const char* signal_name(int sig) {
  switch (sig) {
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGHUP: return "SIGHUP";
  }
  return "signal";
}

}  // namespace

HostSignals::HostSignals(std::chrono::milliseconds deadline) : deadline_(deadline) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  signal_fd_ = ::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (signal_fd_ < 0 || wake_fd_ < 0) {
    const std::string error = std::strerror(errno);
    if (signal_fd_ >= 0) ::close(signal_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    throw std::runtime_error("cannot watch signals: " + error);
  }
  thread_ = std::thread([this] { run(); });
}

HostSignals::~HostSignals() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  thread_.join();
  ::close(signal_fd_);
  ::close(wake_fd_);
}

int HostSignals::stop_signal() const {
  std::lock_guard lock(mutex_);
  return stop_signal_;
}

int HostSignals::wait() {
  std::unique_lock lock(mutex_);
  stopped_.wait(lock, [this] { return stop_signal_ != 0; });
  return stop_signal_;
}

void HostSignals::start_finished() {
  std::lock_guard lock(mutex_);
  start_finished_ = true;
}

void HostSignals::on_reload(std::function<void()> reload) {
  bool pending = false;
  {
    std::lock_guard lock(mutex_);
    reload_ = std::move(reload);
    pending = std::exchange(hup_pending_, false);
  }
  if (pending && reload_) reload_();
}

void HostSignals::handle(int sig) {
  std::unique_lock lock(mutex_);
  if (sig == SIGHUP) {
    if (!reload_) {
      hup_pending_ = true;
      log::info("SIGHUP during start-up: the config is reloaded once the host is ready");
      return;
    }
    auto reload = reload_;
    lock.unlock();
    reload();
    return;
  }
  if (stop_signal_ != 0) {
    log::info("already stopping; signal ignored", {{"signal", signal_name(sig)}});
    return;
  }
  stop_signal_ = sig;
  stopped_.notify_all();
  lock.unlock();
  stop_.request_stop();
}

void HostSignals::run() {
  // A stop during start-up: the deadline, or kNone (std::optional made g++ 12 warn falsely).
  constexpr auto kNone = Clock::time_point::max();
  auto exit_at = kNone;
  for (;;) {
    int timeout = -1;
    {
      std::lock_guard lock(mutex_);
      if (closing_) return;
      if (start_finished_) exit_at = kNone;
      if (exit_at == kNone && stop_signal_ != 0 && !start_finished_)
        exit_at = Clock::now() + deadline_;
      if (exit_at != kNone) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(exit_at - Clock::now());
        if (left.count() <= 0) {
          log::error("start-up did not stop within the deadline after a stop signal; exiting now",
                     {{"signal", signal_name(stop_signal_)}, {"deadline_ms", deadline_.count()}});
          log::shutdown();
          std::_Exit(128 + stop_signal_);
        }
        // Checked again soon: start_finished() does not wake this thread.
        timeout = static_cast<int>(std::min<std::int64_t>(left.count(), 50));
      }
    }
    pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    const int ready = ::poll(fds, 2, timeout);
    if (ready < 0 && errno != EINTR) {
      log::error("signal watcher: poll failed", {{"error", std::strerror(errno)}});
      return;
    }
    if (ready <= 0 || !(fds[0].revents & POLLIN)) continue;
    signalfd_siginfo info{};
    while (::read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info))
      handle(static_cast<int>(info.ssi_signo));
  }
}

}  // namespace berth::app
