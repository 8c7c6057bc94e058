#pragma once
// Jobs from start to final state: the job types of active plugins, the queue, dispatch to the
// worker pool under each type's max_concurrent, the run itself, cancel, and stopping a plugin's
// jobs. Every state change is written to the store before it shows in memory.
#include "tasks/job_changes.h"
#include "tasks/job_counts.h"
#include "tasks/job_limits.h"
#include "tasks/job_store.h"
#include "tasks/live_job.h"
#include "tasks/task_error.h"
#include "tasks/task_specs.h"
#include "tasks/task_workers.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace berth::tasks {

class JobRunner {
 public:
  using Clock = std::chrono::steady_clock;

  JobRunner(JobStore& store, TaskWorkers& pool, std::shared_ptr<JobChanges> changes,
            int queue_capacity, JobLimits limits);

  // Makes the plugin's jobs startable and queues its pending stored jobs (see
  // JobStore::take_pending); those whose type is gone are recorded failed.
  void activate(const std::string& plugin, std::vector<JobSpec> specs);
  // No more starts or dispatch for the plugin; the stop tokens of its started jobs fire. Its queued
  // jobs leave memory and stay queued in the database, to run when the plugin starts again.
  // An empty `plugin` means every plugin (the last sweep of a shutdown); so in finish_stop.
  void begin_stop(const std::string& plugin, const std::string& reason);
  // Waits until `until` for the plugin's started jobs; records those still running interrupted
  // with `reason` and abandons their workers. Returns their ids.
  std::vector<std::string> finish_stop(const std::string& plugin, Clock::time_point until,
                                       const std::string& reason);
  // Refuses every start from now on (host shutdown).
  void close();

  // Checks, in order: params an object (invalid_params), the job exists (no_such_job), params
  // within max_params_bytes (params_too_large), the job's params_schema (invalid_params with the
  // violations), its validate (invalid_params), room in the queue (unavailable); then writes the
  // queued row. Nothing is stored for a refused start.
  StartResult start(const std::string& plugin, const std::string& name,
                    const nlohmann::json& params);
  CancelResult cancel(const std::string& id);
  // Hands queued jobs to free workers. Called whenever a worker or a type slot frees up.
  void dispatch();

  std::shared_ptr<LiveJob> find(const std::string& id) const;
  std::vector<std::string> job_names(const std::string& plugin) const;
  std::size_t queued() const;
  JobCounts::Snapshot counts() const { return counts_.snapshot(); }

 private:
  static constexpr const char* kCancelled = "job cancelled";

  struct JobType {
    explicit JobType(JobSpec s) : spec(std::move(s)) {}
    const JobSpec spec;
    int running = 0;  // dispatched and not final; under mu_
  };
  struct Entry {
    std::string plugin;
    std::shared_ptr<LiveJob> job;
    std::shared_ptr<JobType> type;
    bool dispatched = false;
    bool cancelling = false;  // a cancel took it out of the queue and is writing it
    std::optional<TaskWorkers::Ticket> ticket;
  };

  void run(const std::shared_ptr<LiveJob>& job, const std::shared_ptr<JobType>& type);
  // The status when the job is held in memory, else nullopt.
  std::optional<CancelResult> cancel_live(const std::string& id);
  // Writes `final` (a final state), shows it, and frees the job's slot. The last thing a worker
  // does with the runner: once its slot is free, the runner may be gone.
  void finalize(const std::shared_ptr<LiveJob>& job, JobRecord final);
  void save_quietly(const JobRecord& record) noexcept;
  void enqueue_locked(std::shared_ptr<LiveJob> job, std::shared_ptr<JobType> type,
                      const std::string& plugin);
  void unqueue_locked(const std::string& id);
  std::shared_ptr<JobType> type_locked(const std::string& plugin, const std::string& name) const;

  JobStore& store_;
  TaskWorkers& pool_;
  const std::shared_ptr<JobChanges> changes_;
  const std::size_t queue_capacity_;
  const JobLimits limits_;

  // Orders changes of jobs no thread holds (activation's requeue, cancel of a stored job).
  std::mutex stored_mu_;
  mutable std::mutex mu_;
  std::condition_variable slot_freed_;
  std::map<std::string, std::map<std::string, std::shared_ptr<JobType>>> plugins_;  // active
  std::map<std::string, Entry> live_;  // queued and started jobs
  std::deque<std::string> queue_;      // ids of queued jobs, oldest first
  std::size_t reserved_ = 0;           // starts writing their queued row
  bool closed_ = false;
  JobCounts counts_;
};

}  // namespace berth::tasks
