#pragma once
// Periodic tasks: one timer thread decides when each is due and hands the run to the worker pool.
// A task never overlaps itself: a tick that finds the previous run still going, or no free worker,
// is skipped and counted. Ticks keep a fixed rate (interval after interval from the first), each
// delayed by up to `jitter`, at random.
#include "tasks/task_specs.h"
#include "tasks/task_workers.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace berth::tasks {

class PeriodicScheduler {
 public:
  using Clock = std::chrono::steady_clock;

  explicit PeriodicScheduler(TaskWorkers& pool);
  ~PeriodicScheduler();
  PeriodicScheduler(const PeriodicScheduler&) = delete;
  PeriodicScheduler& operator=(const PeriodicScheduler&) = delete;

  void add(const std::string& plugin, std::vector<PeriodicSpec> specs);
  // No more ticks for the plugin's tasks.
  void remove(const std::string& plugin);
  // Then: waits until `until` for their runs in progress, and abandons the workers of those still
  // running (their names are returned).
  std::vector<std::string> wait_removed(const std::string& plugin, Clock::time_point until);
  // The plugin's tasks, in registration order (see TaskHost::task_status).
  nlohmann::json status(const std::string& plugin) const;
  void stop();

 private:
  struct Task;
  void loop();
  void fire(const std::shared_ptr<Task>& task);
  // The run itself, on a worker: touches only the task (shared) and the global log.
  static void run(const std::shared_ptr<Task>& task);
  Clock::time_point with_jitter(Clock::time_point base, std::chrono::milliseconds jitter);

  TaskWorkers& pool_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<Task>> tasks_;
  std::vector<std::shared_ptr<Task>> removed_;  // until wait_removed()
  std::mt19937_64 rng_{std::random_device{}()};
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace berth::tasks
