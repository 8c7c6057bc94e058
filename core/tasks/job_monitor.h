#pragma once
// One thread that follows job changes posted to JobChanges: it answers the long polls waiting on
// them (and those whose deadline passed), and writes the progress, message and log of running jobs
// at most once per `persist_interval` per job. State changes are written by the runner itself.
#include "tasks/job_changes.h"
#include "tasks/job_store.h"
#include "tasks/job_waiters.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace berth::tasks {

class JobMonitor {
 public:
  using Clock = std::chrono::steady_clock;
  // The job as reported now (memory or database); nullopt when unknown.
  using Lookup = std::function<std::optional<nlohmann::json>(const std::string& id)>;

  JobMonitor(JobStore& store, std::shared_ptr<JobChanges> changes, JobWaiters& waiters,
             Lookup lookup, std::chrono::milliseconds persist_interval);
  ~JobMonitor();
  JobMonitor(const JobMonitor&) = delete;
  JobMonitor& operator=(const JobMonitor&) = delete;

  // Writes what is pending, answers every waiter with the job as it is, and joins. Idempotent.
  void stop();

 private:
  struct Dirty {
    std::shared_ptr<LiveJob> job;
    Clock::time_point due;
  };

  void loop();
  void on_change(const JobChanges::Change& change, Clock::time_point now);
  void flush(Clock::time_point now, bool everything);
  Clock::time_point next_wake(Clock::time_point now) const;
  std::optional<nlohmann::json> lookup(const std::string& id) noexcept;
  static void answer(const JobWaiters::Done& done,
                     const std::optional<nlohmann::json>& job) noexcept;

  JobStore& store_;
  std::shared_ptr<JobChanges> changes_;
  JobWaiters& waiters_;
  Lookup lookup_;
  const std::chrono::milliseconds persist_interval_;
  std::map<std::string, Dirty> dirty_;  // monitor thread only
  std::thread thread_;
};

}  // namespace berth::tasks
