#pragma once
// The bounded set of threads that run periodic tasks and jobs. It never queues: try_run() hands
// work to a free worker or refuses, so callers keep their own queues (jobs) or skip (ticks).
//
// A worker stuck in plugin code that ignores its stop token can be abandoned: the thread is
// detached and replaced, so the pool keeps its size. The detached thread owns (shared_ptr) all the
// pool state it touches and, when the plugin code finally returns, exits without calling back.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace berth::tasks {

class TaskWorkers {
 public:
  using Ticket = std::uint64_t;

  // `on_idle` runs on a worker after each piece of work, outside any lock: the hook to hand it the
  // next queued job.
  TaskWorkers(int threads, std::function<void()> on_idle);
  ~TaskWorkers();
  TaskWorkers(const TaskWorkers&) = delete;
  TaskWorkers& operator=(const TaskWorkers&) = delete;

  // Runs `work` on a free worker; nullopt when every worker is busy or the pool stopped.
  std::optional<Ticket> try_run(std::function<void()> work);
  // Gives up on the worker running `ticket` (see above). Work not yet started is dropped. No-op
  // once the work returned.
  void abandon(Ticket ticket);
  // Lets started work finish and joins the workers (abandon stuck ones first). Idempotent.
  void stop();

  int size() const noexcept { return size_; }
  int busy() const;
  int abandoned() const;

 private:
  struct Item {
    Ticket ticket;
    std::function<void()> work;
  };
  struct Slot {
    Ticket current = 0;
    bool abandoned = false;
  };
  struct State {
    std::mutex mu;
    std::condition_variable ready;
    std::deque<Item> handoff;
    int busy = 0;
    bool stopping = false;
    Ticket next_ticket = 1;
    std::function<void()> on_idle;
  };
  struct Worker {
    std::shared_ptr<Slot> slot;
    std::thread thread;
  };

  static void loop(std::shared_ptr<State> state, std::shared_ptr<Slot> slot);
  void spawn_locked();

  const int size_;
  std::shared_ptr<State> state_;
  std::vector<Worker> workers_;  // under state_->mu
  int abandoned_ = 0;            // under state_->mu
};

}  // namespace berth::tasks
