#pragma once
// A fixed set of threads running jobs from a bounded queue, so blocking handlers never run on an
// I/O thread and a flood of requests is refused (503) instead of queued without limit.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace berth::http {

class Job {
 public:
  virtual ~Job() = default;
  virtual void run() noexcept = 0;
};

class WorkerPool {
 public:
  WorkerPool() = default;
  ~WorkerPool() { stop(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void start(int threads, std::size_t capacity);
  // False when the queue is full or the pool has stopped.
  bool submit(std::shared_ptr<Job> job);
  // Drops queued jobs, waits for running ones and joins the threads. Idempotent.
  void stop();

 private:
  void loop();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::size_t capacity_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace berth::http
