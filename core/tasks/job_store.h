#pragma once
// Jobs in the host database (berth.db): table `jobs` (one row per job) and `job_log` (the bounded
// tail of each job's log). Every method is one read() or write() of berth::Storage, so each is
// atomic and durable when it returns; failures throw berth::StorageError.
#include "tasks/job_record.h"

#include <berth/storage.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::tasks {

class JobStore {
 public:
  // Creates or upgrades the tables; throws std::runtime_error saying what failed.
  JobStore(berth::Storage& db, int log_tail_lines);

  void insert(const JobRecord& job);
  // A state change: the whole row and the log lines not yet stored.
  void save(const JobRecord& job);
  // Progress, message and new log lines of running jobs, in one write. A row already at the
  // record's version or newer (a state change overtook the snapshot) is left alone.
  void save_progress(const std::vector<JobRecord>& jobs);

  std::optional<JobRecord> load(const std::string& id);
  // Newest first; params, result and log only as `filter.include` asks (else null and empty).
  std::vector<JobRecord> list(const JobFilter& filter);

  // After a crash: every `running` row becomes `interrupted` with `reason`; resumable ones are
  // marked for requeue. Returns how many.
  int interrupt_running(const std::string& reason, std::int64_t now);
  // What the plugin runs when it starts, oldest first: its queued jobs, and its interrupted
  // resumable ones, made queued again (attempt + 1).
  std::vector<JobRecord> take_pending(const std::string& plugin);
  // A job no thread holds: queued or awaiting requeue -> cancelled (`changed` says whether it
  // was). Returns the row after, in whatever state it is; nullopt when unknown.
  std::optional<JobRecord> cancel_stored(const std::string& id, const std::string& reason,
                                         std::int64_t now, bool& changed);
  // Deletes finished jobs, with their logs, that finished before `finished_before` (epoch ms) or
  // are older than the newest `keep` finished ones. Queued, running and interrupted jobs waiting
  // to run again are never deleted. In batches, one write each; returns how many.
  int prune(std::int64_t finished_before, int keep);

 private:
  void write_log(berth::Db& db, const JobRecord& job, std::uint64_t stored_seq);
  std::optional<JobRecord> load_in(berth::Db& db, const std::string& id);
  void read_log(berth::Db& db, JobRecord& job);

  berth::Storage& db_;
  int log_tail_lines_;
};

}  // namespace berth::tasks
