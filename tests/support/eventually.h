#pragma once
// Waiting on another thread's or process's progress, never timing it: the timeout is only ever
// reached when the test fails.
#include <chrono>
#include <functional>
#include <thread>

namespace berth::test {

// Polls `condition` every `every` until it holds or `timeout` passes; returns its last value.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(20),
                       std::chrono::milliseconds every = std::chrono::milliseconds(1)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return condition();
    std::this_thread::sleep_for(every);
  }
  return true;
}

}  // namespace berth::test
