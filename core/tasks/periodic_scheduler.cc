#include "tasks/periodic_scheduler.h"

#include "log/logger.h"
#include "tasks/job_json.h"
#include "tasks/job_record.h"

#include <pthread.h>

#include <algorithm>
#include <optional>

namespace berth::tasks {

struct PeriodicScheduler::Task {
  Task(std::string p, PeriodicSpec s) : plugin(std::move(p)), spec(std::move(s)) {}
  const std::string plugin;
  const PeriodicSpec spec;

  // Timer thread, under the scheduler's mutex.
  Clock::time_point base{};  // the nominal time of the next tick
  Clock::time_point next_fire{};

  // Shared with the run on a worker (which may outlive the scheduler if abandoned).
  std::mutex mu;
  std::condition_variable idle;
  bool running = false;
  bool abandoned = false;
  TaskWorkers::Ticket ticket = 0;
  std::int64_t runs = 0;
  std::int64_t failures = 0;
  std::int64_t skipped = 0;
  std::optional<std::int64_t> last_run_ms;
  std::int64_t last_duration_ms = 0;
  std::optional<std::string> last_error;
};

PeriodicScheduler::PeriodicScheduler(TaskWorkers& pool) : pool_(pool) {
  thread_ = std::thread([this] { loop(); });
  pthread_setname_np(thread_.native_handle(), "berth-periodic");
}

PeriodicScheduler::~PeriodicScheduler() {
  stop();
}

void PeriodicScheduler::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

PeriodicScheduler::Clock::time_point PeriodicScheduler::with_jitter(
    Clock::time_point base, std::chrono::milliseconds jitter) {
  if (jitter.count() <= 0) return base;
  std::uniform_int_distribution<std::int64_t> pick(0, jitter.count());
  return base + std::chrono::milliseconds(pick(rng_));
}

void PeriodicScheduler::add(const std::string& plugin, std::vector<PeriodicSpec> specs) {
  {
    std::lock_guard lock(mu_);
    auto now = Clock::now();
    for (auto& spec : specs) {
      auto task = std::make_shared<Task>(plugin, std::move(spec));
      task->base = now + std::max(std::chrono::milliseconds(0), task->spec.options.initial_delay);
      task->next_fire = with_jitter(task->base, task->spec.options.jitter);
      tasks_.push_back(std::move(task));
    }
  }
  cv_.notify_all();
}

void PeriodicScheduler::remove(const std::string& plugin) {
  std::lock_guard lock(mu_);
  auto keep = std::stable_partition(tasks_.begin(), tasks_.end(),
                                    [&](const auto& t) { return t->plugin != plugin; });
  removed_.insert(removed_.end(), keep, tasks_.end());
  tasks_.erase(keep, tasks_.end());
}

std::vector<std::string> PeriodicScheduler::wait_removed(const std::string& plugin,
                                                         Clock::time_point until) {
  std::vector<std::shared_ptr<Task>> removed;
  {
    std::lock_guard lock(mu_);
    auto keep = std::stable_partition(removed_.begin(), removed_.end(),
                                      [&](const auto& t) { return t->plugin != plugin; });
    removed.assign(keep, removed_.end());
    removed_.erase(keep, removed_.end());
  }
  std::vector<std::string> abandoned;
  for (auto& task : removed) {
    std::unique_lock lock(task->mu);
    if (task->idle.wait_until(lock, until, [&] { return !task->running; })) continue;
    task->abandoned = true;
    pool_.abandon(task->ticket);
    log::warn("periodic task ignored the shutdown; its thread is abandoned",
              {{"plugin", task->plugin}, {"task", task->spec.name}});
    abandoned.push_back(task->spec.name);
  }
  return abandoned;
}

void PeriodicScheduler::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    auto now = Clock::now();
    auto next = Clock::time_point::max();
    for (auto& task : tasks_) {
      if (task->next_fire <= now) {
        fire(task);
        const auto interval = task->spec.interval;
        task->base += interval;
        // Fell behind (a long jitter, a suspended machine): the missed ticks are not replayed.
        if (task->base <= now) task->base += ((now - task->base) / interval + 1) * interval;
        task->next_fire = with_jitter(task->base, task->spec.options.jitter);
      }
      next = std::min(next, task->next_fire);
    }
    if (next == Clock::time_point::max()) {
      cv_.wait(lock);
    } else {
      cv_.wait_until(lock, next);
    }
  }
}

void PeriodicScheduler::fire(const std::shared_ptr<Task>& task) {
  std::lock_guard lock(task->mu);
  if (task->running) {
    ++task->skipped;
    return;
  }
  auto ticket = pool_.try_run([task] { run(task); });
  if (!ticket) {
    ++task->skipped;
    return;
  }
  task->running = true;
  task->ticket = *ticket;
}

nlohmann::json PeriodicScheduler::status(const std::string& plugin) const {
  std::lock_guard lock(mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& task : tasks_) {
    if (task->plugin != plugin) continue;
    std::lock_guard task_lock(task->mu);
    out.push_back({
        {"plugin", task->plugin},
        {"name", task->spec.name},
        {"kind", "periodic"},
        {"interval_ms", task->spec.interval.count()},
        {"runs", task->runs},
        {"failures", task->failures},
        {"last_run", rfc3339_or_null(task->last_run_ms)},
        {"last_duration_ms", task->last_duration_ms},
        {"last_error", task->last_error ? nlohmann::json(*task->last_error) : nullptr},
        {"skipped_ticks", task->skipped},
        {"running", task->running},
    });
  }
  return out;
}

void PeriodicScheduler::run(const std::shared_ptr<Task>& task) {
  const std::int64_t started = now_ms();
  const auto t0 = std::chrono::steady_clock::now();
  std::string error = task->spec.fn();
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  {
    std::lock_guard lock(task->mu);
    if (task->abandoned) return;  // recorded and logged by remove()
    task->running = false;
    ++task->runs;
    task->last_run_ms = started;
    task->last_duration_ms = took.count();
    if (error.empty()) {
      task->last_error.reset();
    } else {
      ++task->failures;
      task->last_error = error;
    }
  }
  task->idle.notify_all();
  if (!error.empty()) {
    log::error("periodic task failed",
               {{"plugin", task->plugin}, {"task", task->spec.name}, {"error", error}});
  }
}

}  // namespace berth::tasks
