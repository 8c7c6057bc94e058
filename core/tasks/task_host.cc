#include "tasks/task_host.h"

#include "log/logger.h"
#include "tasks/job_changes.h"
#include "tasks/job_json.h"
#include "tasks/job_monitor.h"
#include "tasks/job_store.h"
#include "tasks/job_waiters.h"
#include "tasks/periodic_scheduler.h"
#include "tasks/service_runner.h"
#include "tasks/task_workers.h"

#include <algorithm>

namespace berth::tasks {
namespace {

constexpr const char* kCrashReason = "host stopped while the job was running";
constexpr const char* kPluginStopReason = "plugin stopped before the job finished";
constexpr const char* kHostStopReason = "host stopped before the job finished";
// The owner of the host's own periodic task; no plugin name starts with '_'.
constexpr const char* kHostTasks = "_berth";

using Clock = std::chrono::steady_clock;

}  // namespace

TaskHost::TaskHost(berth::Storage& host_db, TaskHostOptions options) : options_(options) {
  store_ = std::make_unique<JobStore>(host_db, options_.limits.log_tail_lines);
  changes_ = std::make_shared<JobChanges>();
  waiters_ = std::make_unique<JobWaiters>();
  // No work reaches the pool before runner_ exists.
  pool_ = std::make_unique<TaskWorkers>(options_.workers, [this] { runner_->dispatch(); });
  runner_ = std::make_unique<JobRunner>(*store_, *pool_, changes_, options_.queue_capacity,
                                        options_.limits);
  periodic_ = std::make_unique<PeriodicScheduler>(*pool_);
  std::vector<PeriodicSpec> retention;
  retention.push_back(
      {"job-retention", options_.retention.interval, [this] { return prune_finished_jobs(); }, {}});
  periodic_->add(kHostTasks, std::move(retention));
  monitor_ = std::make_unique<JobMonitor>(
      *store_, changes_, *waiters_, [this](const std::string& id) { return job(id); },
      options_.progress_persist_interval);
}

TaskHost::~TaskHost() {
  try {
    shutdown(std::chrono::milliseconds(0));
  } catch (const std::exception& e) {
    log::error("task host shutdown failed", {{"error", e.what()}});
  }
}

void TaskHost::recover() {
  std::lock_guard life(lifecycle_mu_);
  {
    std::lock_guard lock(mu_);
    if (activated_any_) {
      // Rows `running` now belong to live jobs, not to a crash.
      log::error("task host: recover() after a plugin started is ignored");
      return;
    }
  }
  int n = store_->interrupt_running(kCrashReason, now_ms());
  if (n > 0) log::warn("jobs interrupted by the previous host stop", {{"count", n}});
}

std::unique_ptr<PluginTasks> TaskHost::tasks_for(const std::string& plugin,
                                                 std::vector<std::string>& errors, bool replacing,
                                                 PluginTasks::StatusOf status_of) {
  if (!replacing) {
    std::lock_guard lock(mu_);
    bool running = std::any_of(active_.begin(), active_.end(),
                               [&](const Active& a) { return a.plugin == plugin; });
    if (running) errors.push_back("the tasks of plugin " + plugin + " are already running");
  }
  return std::make_unique<PluginTasks>(
      plugin, errors,
      [this, plugin](const std::string& name, const nlohmann::json& params) {
        return start_job(plugin, name, params);
      },
      status_of);
}

void TaskHost::activate(PluginTasks& tasks) {
  std::lock_guard life(lifecycle_mu_);
  const std::string& plugin = tasks.plugin();
  if (tasks.failed() || tasks.taken()) {
    log::error("task host: activate() of a failed or already active registration is ignored",
               {{"plugin", plugin}});
    return;
  }
  {
    std::lock_guard lock(mu_);
    bool running = std::any_of(active_.begin(), active_.end(),
                               [&](const Active& a) { return a.plugin == plugin; });
    if (shut_down_ || running) {
      log::error("task host: activate() ignored (shut down, or the plugin is already active)",
                 {{"plugin", plugin}});
      return;
    }
    activated_any_ = true;
  }
  PluginTasks::Staged staged = tasks.take();
  runner_->activate(plugin, std::move(staged.jobs));
  periodic_->add(plugin, std::move(staged.periodic));
  Active active{plugin, {}};
  ServiceBackoff backoff{options_.service_backoff_initial, options_.service_backoff_max};
  for (auto& spec : staged.services) {
    active.services.push_back(std::make_unique<ServiceRunner>(plugin, std::move(spec), backoff));
    active.services.back()->start();
  }
  {
    std::lock_guard lock(mu_);
    active_.push_back(std::move(active));
  }
  runner_->dispatch();
}

void TaskHost::stop_begin(Active& active, const std::string& reason) {
  runner_->begin_stop(active.plugin, reason);
  for (auto& service : active.services) service->request_stop();
  periodic_->remove(active.plugin);
}

void TaskHost::stop_wait(Active& active, Clock::time_point until, const std::string& reason) {
  runner_->finish_stop(active.plugin, until, reason);
  periodic_->wait_removed(active.plugin, until);
  for (auto& service : active.services) {
    if (service->join_until(until)) continue;
    log::warn("service ignored its stop token; its thread is abandoned",
              {{"plugin", active.plugin}, {"task", service->name()}});
    std::lock_guard lock(mu_);
    ++abandoned_services_;
  }
  active.services.clear();
}

bool TaskHost::deactivate(const std::string& plugin, std::chrono::milliseconds deadline) {
  std::lock_guard life(lifecycle_mu_);
  const auto until = Clock::now() + deadline;
  Active active;
  {
    std::lock_guard lock(mu_);
    auto it = std::find_if(active_.begin(), active_.end(),
                           [&](const Active& a) { return a.plugin == plugin; });
    if (it == active_.end()) return true;
    active = std::move(*it);
    active_.erase(it);
  }
  // Threads are given up on only while lifecycle_mu_ is held: the difference is this plugin's.
  const int abandoned_before = abandoned_threads();
  stop_begin(active, kPluginStopReason);
  stop_wait(active, until, kPluginStopReason);
  runner_->dispatch();  // abandoned workers were replaced: other plugins' jobs may go
  return abandoned_threads() == abandoned_before;
}

void TaskHost::shutdown(std::chrono::milliseconds deadline) {
  std::lock_guard life(lifecycle_mu_);
  const auto until = Clock::now() + deadline;
  std::vector<Active> all;
  {
    std::lock_guard lock(mu_);
    if (shut_down_) return;
    shut_down_ = true;
    all.swap(active_);
  }
  runner_->close();
  // Every stop token first, so that one slow plugin does not eat the others' share of the deadline.
  for (auto it = all.rbegin(); it != all.rend(); ++it) stop_begin(*it, kHostStopReason);
  for (auto it = all.rbegin(); it != all.rend(); ++it) stop_wait(*it, until, kHostStopReason);
  // Nothing should be left; a last sweep keeps "no job half-recorded" true regardless.
  runner_->begin_stop("", kHostStopReason);
  runner_->finish_stop("", until, kHostStopReason);
  periodic_->remove(kHostTasks);
  periodic_->wait_removed(kHostTasks, until);
  periodic_->stop();
  pool_->stop();
  monitor_->stop();
  int abandoned = abandoned_threads();
  if (abandoned > 0) {
    log::warn("task host stopped with abandoned threads; the process should exit",
              {{"threads", abandoned}});
  }
}

std::string TaskHost::prune_finished_jobs() noexcept {
  try {
    const auto& r = options_.retention;
    int pruned = store_->prune(now_ms() - r.max_age.count(), r.max_jobs);
    if (pruned > 0) log::debug("finished jobs pruned", {{"count", pruned}});
    return {};
  } catch (const std::exception& e) {
    return std::string("cannot prune finished jobs: ") + e.what();
  }
}

StartResult TaskHost::start_job(const std::string& plugin, const std::string& job,
                                const nlohmann::json& params) {
  return runner_->start(plugin, job, params);
}

std::optional<nlohmann::json> TaskHost::job(const std::string& id) {
  if (auto live = runner_->find(id)) return to_json(live->snapshot());
  auto rec = store_->load(id);
  if (!rec) return std::nullopt;
  return to_json(*rec);
}

nlohmann::json TaskHost::jobs(const JobFilter& filter) {
  nlohmann::json out = nlohmann::json::array();
  for (auto& rec : store_->list(filter)) {
    // Memory is ahead of the database for progress, message and log of running jobs.
    if (auto live = runner_->find(rec.id)) rec = live->snapshot();
    if (filter.state && rec.state != *filter.state) continue;
    out.push_back(to_json(rec, filter.include));
  }
  return out;
}

CancelResult TaskHost::cancel(const std::string& id) {
  return runner_->cancel(id);
}

void TaskHost::when_changed(const std::string& id, std::uint64_t seen_version,
                            std::chrono::steady_clock::time_point deadline,
                            std::function<void(std::optional<nlohmann::json>)> done) {
  JobWaiters::Done callback = std::move(done);
  const JobWaiters::Id waiter = waiters_->add(id, seen_version, deadline, std::move(callback));
  if (waiter == 0) {  // shut down: nothing will change any more
    callback(job(id));
    return;
  }
  changes_->poke();  // its deadline may come before the monitor's next wake-up
  // Registered first, checked second: a change in between is seen by one or the other.
  std::optional<nlohmann::json> current;
  try {
    current = job(id);
  } catch (const std::exception& e) {
    log::error("cannot read a job for a long poll", {{"id", id}, {"error", e.what()}});
    return;  // answered at the deadline
  }
  if (current && current->value("version", std::uint64_t{0}) == seen_version) return;
  if (auto claimed = waiters_->claim(waiter)) claimed(std::move(current));
}

nlohmann::json TaskHost::task_status() {
  nlohmann::json out = nlohmann::json::array();
  std::lock_guard lock(mu_);
  for (const auto& active : active_) {
    for (auto& task : periodic_->status(active.plugin)) out.push_back(std::move(task));
    for (const auto& service : active.services) out.push_back(service->status());
  }
  return out;
}

std::vector<std::string> TaskHost::job_names(const std::string& plugin) const {
  return runner_->job_names(plugin);
}

JobCounts::Snapshot TaskHost::job_counts() const {
  return runner_->counts();
}

std::size_t TaskHost::queued_jobs() const {
  return runner_->queued();
}

int TaskHost::abandoned_threads() const {
  std::lock_guard lock(mu_);
  return pool_->abandoned() + abandoned_services_;
}

}  // namespace berth::tasks
