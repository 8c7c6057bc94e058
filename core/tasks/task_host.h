#pragma once
// Background work of all plugins: periodic tasks, services and jobs (see sdk berth/tasks.h).
//
// Threads: `workers` pool threads run periodic runs and jobs; one timer thread schedules periodic
// runs; one monitor thread answers long polls and persists progress; each service has a thread of
// its own. HTTP threads only enqueue, read and register callbacks.
//
// Stopping: stop tokens fire, then the host waits up to the deadline. A job, periodic run or
// service still running after it is recorded interrupted and its thread is abandoned (detached and,
// in the pool, replaced): the host never hangs on plugin code that ignores its stop token. An
// abandoned thread still runs plugin code, so the plugin's library must stay loaded; after a
// shutdown that abandoned threads (see abandoned_threads()) the process should exit.
#include "tasks/job_limits.h"
#include "tasks/job_record.h"
#include "tasks/job_runner.h"
#include "tasks/plugin_tasks.h"

#include <berth/storage.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace berth::tasks {

class JobChanges;
class JobMonitor;
class JobStore;
class JobWaiters;
class PeriodicScheduler;
class ServiceRunner;
class TaskWorkers;

// Finished jobs (succeeded, failed, cancelled, interrupted and not to run again) are deleted once
// older than max_age, and beyond the newest max_jobs; queued and running ones never are. Pruned
// on the pool at start and every `interval`.
struct JobRetention {
  std::chrono::milliseconds max_age{std::chrono::hours(7 * 24)};
  int max_jobs = 1000;
  std::chrono::milliseconds interval{std::chrono::minutes(1)};
};

struct TaskHostOptions {
  int workers = 4;           // the bounded pool for periodic runs and jobs (never HTTP threads)
  int queue_capacity = 256;  // queued jobs across all plugins; beyond it start_job fails with 503
  JobLimits limits;
  JobRetention retention;
  std::chrono::milliseconds progress_persist_interval{250};  // throttle for progress/log writes
  std::chrono::milliseconds service_backoff_initial{1000};   // restart delay of a failed service,
  std::chrono::milliseconds service_backoff_max{30000};      // doubling up to this
};

class TaskHost {
 public:
  // Runs the migrations of the jobs tables; throws std::runtime_error saying what failed.
  TaskHost(berth::Storage& host_db, TaskHostOptions options);
  ~TaskHost();  // shutdown(0ms) if not done
  TaskHost(const TaskHost&) = delete;
  TaskHost& operator=(const TaskHost&) = delete;

  // At start-up, before any plugin is activated: jobs a crash left `running` become `interrupted`
  // ("host stopped while the job was running"); resumable ones, and jobs left `queued`, are queued
  // again when their plugin is activated. Throws berth::StorageError.
  void recover();

  // The Tasks for one plugin's registration (see PluginTasks). Must not outlive the TaskHost.
  // `replacing`: a running instance of the plugin is deactivated before this one is activated,
  // so its running tasks are no reason to refuse.
  std::unique_ptr<PluginTasks> tasks_for(const std::string& plugin,
                                         std::vector<std::string>& errors, bool replacing,
                                         PluginTasks::StatusOf status_of);
  // After a successful registration: starts periodic tasks and services, makes the jobs
  // startable and queues the plugin's pending jobs. Ignored (logged) when `tasks` failed.
  void activate(PluginTasks& tasks);
  // Stop tokens of the plugin's services and jobs fire; waits up to `deadline`; jobs still running
  // are recorded interrupted ("plugin stopped before the job finished"), resumable ones run again
  // when the plugin is next activated. Its queued jobs stay queued for then. False when a thread
  // of the plugin's was given up on (it may still run the plugin's code).
  bool deactivate(const std::string& plugin, std::chrono::milliseconds deadline);
  // Every plugin (all stop tokens fire at once, then one shared deadline; reverse activation
  // order), then the host's threads. Jobs cut short read "host stopped before the job finished".
  void shutdown(std::chrono::milliseconds deadline);

  // The id once the queued row is written; else why not (JobRunner::start). Nothing is stored for
  // a refused start.
  StartResult start_job(const std::string& plugin, const std::string& job,
                        const nlohmann::json& params);
  // The job as JSON; nullopt when unknown. Throws berth::StorageError.
  std::optional<nlohmann::json> job(const std::string& id);
  // Newest first. Each row is the job's JSON with params, result and log only as filter.include
  // asks. Throws berth::StorageError.
  nlohmann::json jobs(const JobFilter& filter);
  // Cancelled at once (it was queued) or stopping (it runs: its stop token fired); no_such_job,
  // already_final.
  CancelResult cancel(const std::string& id);
  // Calls `done` exactly once: at once (on this thread) when the job's version differs from
  // `seen_version` or the job is unknown (nullopt); else from the monitor thread on its next change
  // or at `deadline` with the job as it is. `done` must be quick (hand off, don't write sockets).
  void when_changed(const std::string& id, std::uint64_t seen_version,
                    std::chrono::steady_clock::time_point deadline,
                    std::function<void(std::optional<nlohmann::json>)> done);
  // Every periodic task and service of the active plugins (plugins in activation order; each
  // plugin's periodic tasks, then its services, in registration order): plugin, name, kind
  // ("periodic" | "service"), interval_ms (null for services), runs (finished runs; service:
  // starts), failures, last_run, last_duration_ms, last_error (of the last run), skipped_ticks,
  // running.
  nlohmann::json task_status();
  // The active plugin's jobs, sorted.
  std::vector<std::string> job_names(const std::string& plugin) const;
  // For /_berth/metrics: jobs finished and refused so far, and jobs waiting in the queue now.
  JobCounts::Snapshot job_counts() const;
  std::size_t queued_jobs() const;
  // Threads given up on so far (jobs, periodic runs and services that ignored their stop token).
  int abandoned_threads() const;

 private:
  struct Active {
    std::string plugin;
    std::vector<std::unique_ptr<ServiceRunner>> services;
  };

  // The retention run: "" or what failed.
  std::string prune_finished_jobs() noexcept;
  void stop_begin(Active& active, const std::string& reason);
  void stop_wait(Active& active, std::chrono::steady_clock::time_point until,
                 const std::string& reason);

  const TaskHostOptions options_;
  std::unique_ptr<JobStore> store_;
  std::shared_ptr<JobChanges> changes_;
  std::unique_ptr<JobWaiters> waiters_;
  std::unique_ptr<TaskWorkers> pool_;
  std::unique_ptr<JobRunner> runner_;
  std::unique_ptr<PeriodicScheduler> periodic_;
  std::unique_ptr<JobMonitor> monitor_;

  mutable std::mutex mu_;
  std::vector<Active> active_;  // activation order
  bool activated_any_ = false;
  bool shut_down_ = false;
  int abandoned_services_ = 0;
  std::mutex lifecycle_mu_;  // one activate/deactivate/shutdown at a time
};

}  // namespace berth::tasks
