#include "http/request_workers.h"

#include <pthread.h>

namespace berth::http {

void RequestWorkers::start(int max_threads, std::size_t capacity) {
  std::lock_guard lock(mu_);
  capacity_ = capacity;
  max_threads_ = max_threads > 0 ? static_cast<std::size_t>(max_threads) : 1;
  stopping_ = false;
}

bool RequestWorkers::submit(std::shared_ptr<Runnable> work) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= capacity_) return false;  // capacity_ is 0 until start()
    queue_.push_back(std::move(work));
    // More queued than threads idle: one more thread, while under the limit.
    if (queue_.size() > idle_ && threads_.size() < max_threads_ && !grow_locked() &&
        threads_.empty()) {
      queue_.pop_back();  // not even one thread: refuse rather than queue forever
      return false;
    }
  }
  ready_.notify_one();
  return true;
}

bool RequestWorkers::grow_locked() noexcept {
  try {
    threads_.emplace_back([this] { loop(); });
    pthread_setname_np(threads_.back().native_handle(), "berth-worker");
    return true;
  } catch (...) {
    return false;  // out of threads or memory: the threads already running take the work
  }
}

void RequestWorkers::stop() {
  std::deque<std::shared_ptr<Runnable>> dropped;
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    dropped.swap(queue_);
    threads.swap(threads_);
  }
  ready_.notify_all();
  for (auto& t : threads)
    if (t.joinable()) t.join();
}

std::size_t RequestWorkers::threads() const {
  std::lock_guard lock(mu_);
  return threads_.size();
}

void RequestWorkers::loop() {
  for (;;) {
    std::shared_ptr<Runnable> work;
    {
      std::unique_lock lock(mu_);
      ++idle_;
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      --idle_;
      if (stopping_) return;
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work->run();
  }
}

}  // namespace berth::http
