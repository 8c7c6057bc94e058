#pragma once
// A bounded set of threads running requests from a bounded queue, so blocking handlers never run on
// an I/O thread and a flood of requests is refused (503) instead of queued without limit.
//
// Threads start as work needs them, up to the limit, and then stay: an idle server (or one whose
// routes all run inline) holds no worker threads, their stacks or their malloc arenas.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace berth::http {

// A connection whose request must not block an I/O thread (or, in tests, any work).
class Runnable {
 public:
  virtual ~Runnable() = default;
  virtual void run() noexcept = 0;
};

class RequestWorkers {
 public:
  RequestWorkers() = default;
  ~RequestWorkers() { stop(); }
  RequestWorkers(const RequestWorkers&) = delete;
  RequestWorkers& operator=(const RequestWorkers&) = delete;

  // Accepts work from now on; no thread starts yet.
  void start(int max_threads, std::size_t capacity);
  // False when the queue is full, the pool has stopped, or no thread could be started.
  bool submit(std::shared_ptr<Runnable> work);
  // Drops queued work, waits for running ones and joins the threads. Idempotent.
  void stop();

  std::size_t threads() const;

 private:
  void loop();
  bool grow_locked() noexcept;

  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::shared_ptr<Runnable>> queue_;
  std::size_t capacity_ = 0;
  std::size_t max_threads_ = 0;
  std::size_t idle_ = 0;  // threads waiting for work
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace berth::http
