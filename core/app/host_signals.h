#pragma once
// The host's signals, read from a signalfd by one thread from the moment the host starts (they
// are blocked in every thread, see block_signals), so that a stop is seen during a slow start-up
// too. SIGHUP asks for a config reload; the first SIGTERM or SIGINT asks the host to stop. A stop
// that arrives before the start-up finished cuts it short: the step under way (a plugin's
// register, a migration: neither can be interrupted) gets `deadline` to return, then the process
// exits at once with 128 + the signal's number.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

namespace berth::app {

class HostSignals {
 public:
  explicit HostSignals(std::chrono::milliseconds deadline);
  ~HostSignals();
  HostSignals(const HostSignals&) = delete;
  HostSignals& operator=(const HostSignals&) = delete;

  // Fires at the first SIGTERM or SIGINT.
  std::stop_token stop_token() const noexcept { return stop_.get_token(); }
  // That signal's number; 0 before it.
  int stop_signal() const;
  // Blocks until the first SIGTERM or SIGINT; returns its number.
  int wait();
  // The start-up step returned: the deadline no longer applies (shutdown has its own).
  void start_finished();
  // From now on SIGHUP calls `reload` (on the signal thread; it must return quickly). A SIGHUP
  // that came before is delivered now.
  void on_reload(std::function<void()> reload);

 private:
  void run();
  void handle(int sig);

  const std::chrono::milliseconds deadline_;
  int signal_fd_ = -1;
  int wake_fd_ = -1;
  std::stop_source stop_;
  mutable std::mutex mutex_;
  std::condition_variable stopped_;
  int stop_signal_ = 0;
  bool start_finished_ = false;
  bool closing_ = false;
  bool hup_pending_ = false;
  std::function<void()> reload_;
  std::thread thread_;
};

}  // namespace berth::app
