#pragma once
// A child's crashes within the sliding window that decides whether it is restarted, and the
// back-off before the next start.
#include <chrono>
#include <deque>

namespace berth::isolation {

class CrashRecord {
 public:
  using Clock = std::chrono::steady_clock;
  CrashRecord(int max_crashes, std::chrono::milliseconds window)
      : max_(max_crashes), window_(window) {}

  // Records one at `now`; true when it is one too many: no restart.
  bool add(Clock::time_point now) {
    crashes_.push_back(now);
    while (!crashes_.empty() && now - crashes_.front() > window_) crashes_.pop_front();
    return static_cast<int>(crashes_.size()) >= max_;
  }
  void clear() { crashes_.clear(); }
  // 100 ms after a first crash, doubling with each one in the window, at most 5 s: a child that
  // crashes at once does not spin, one that crashed once comes back quickly.
  std::chrono::milliseconds backoff() const {
    std::chrono::milliseconds delay{100};
    for (std::size_t i = 1; i < crashes_.size() && delay < std::chrono::seconds(5); ++i) delay *= 2;
    return std::min<std::chrono::milliseconds>(delay, std::chrono::seconds(5));
  }

 private:
  const int max_;
  const std::chrono::milliseconds window_;
  std::deque<Clock::time_point> crashes_;
};

}  // namespace berth::isolation
