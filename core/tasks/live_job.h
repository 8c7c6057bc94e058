#pragma once
// A job the host holds in memory while it is queued or running. It is shared (shared_ptr) by the
// runner, the worker thread running it, its JobContext and the monitor, so that a worker the host
// gave up on (see abandon) can still touch it safely after the host is gone.
#include "tasks/job_record.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

namespace berth::tasks {

// Why the job's stop token fired: decides its final state (cancelled or interrupted).
enum class StopReason { none, cancel, stop };

class LiveJob {
 public:
  explicit LiveJob(JobRecord record) : id_(record.id), rec_(std::move(record)) {}

  const std::string& id() const noexcept { return id_; }
  JobRecord snapshot() const;
  std::uint64_t version() const;
  JobState state() const;

  // From the job's context, with text already cut to size (see JobLimits); each returns true
  // when something changed (the job is running).
  bool set_progress(double percent, std::string message);
  bool add_log(std::string line, int tail_lines);
  bool set_result(const nlohmann::json& value);
  // A result too large to keep: the result is cleared and, unless a later set_result replaces
  // it, the job fails with `why` (see result_refusal).
  bool refuse_result(std::string why);
  std::optional<std::string> result_refusal() const;

  // Fires the stop token. The first reason wins: a cancel is not turned into an interruption.
  void request_stop(StopReason reason, std::string text);
  StopReason stop_reason() const;
  std::string stop_text() const;
  std::stop_token stop_token() const noexcept { return stop_.get_token(); }

  // Applies a state change already written to the database: `next` is the record as saved.
  // State changes happen only while nothing else writes the record: before the job function
  // runs, after it returned, or once the job was abandoned (its context then changes nothing).
  void apply(const JobRecord& next);
  // The record with the next version, for a state change about to be written.
  JobRecord next_version() const;

  // Host code running on the job's worker (store writes) is bracketed by enter/leave so that an
  // abandon never lands in the middle of it. enter() fails once the job was abandoned: the worker
  // must then not touch the host, which may be gone.
  bool enter_host();
  void leave_host();
  // Gives the job up (its worker ignored the stop token past the deadline): waits for host code
  // in progress, then returns false when the job reached a final state meanwhile.
  bool abandon();
  bool abandoned() const;

  // Throttling of progress writes (see JobMonitor).
  void mark_persisted(std::uint64_t version, std::chrono::steady_clock::time_point when);
  std::chrono::steady_clock::time_point persisted_at() const;
  std::uint64_t persisted_version() const;

 private:
  const std::string id_;
  mutable std::mutex mu_;
  std::condition_variable host_idle_;
  JobRecord rec_;
  std::stop_source stop_;
  StopReason stop_reason_ = StopReason::none;
  std::string stop_text_;
  std::optional<std::string> result_refusal_;
  bool host_busy_ = false;
  bool abandoned_ = false;
  std::uint64_t persisted_version_ = 0;
  std::chrono::steady_clock::time_point persisted_at_{};
};

}  // namespace berth::tasks
