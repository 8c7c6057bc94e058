#include "http/sweeper.h"

#include <pthread.h>

namespace berth::http {

void Sweeper::start(std::chrono::milliseconds interval, std::function<void()> tick) {
  stopping_ = false;
  thread_ = std::thread([this, interval, tick = std::move(tick)] {
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
      lock.unlock();
      tick();
      lock.lock();
    }
  });
  pthread_setname_np(thread_.native_handle(), "berth-sweeper");
}

void Sweeper::stop() noexcept {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace berth::http
