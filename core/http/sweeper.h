#pragma once
// One thread that wakes at a fixed interval and runs a check: the connection timeouts. Cheaper
// and simpler to reason about than a timer per connection.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace berth::http {

class Sweeper {
 public:
  Sweeper() = default;
  ~Sweeper() { stop(); }
  Sweeper(const Sweeper&) = delete;
  Sweeper& operator=(const Sweeper&) = delete;

  void start(std::chrono::milliseconds interval, std::function<void()> tick);
  void stop() noexcept;

 private:
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace berth::http
