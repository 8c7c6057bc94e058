#pragma once
// What /_berth/metrics reports of jobs: those that reached a final state, by plugin, name and
// state, how long they ran, and the starts a full queue refused. Jobs end a few times a second
// at most, so a map under a mutex is enough.
#include "metrics/histogram.h"
#include "tasks/job_record.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace berth::tasks {

// From 10 ms to an hour, in ms.
inline constexpr std::array<std::uint64_t, 12> kJobDurationBoundsMs = {
    10, 50, 100, 500, 1'000, 5'000, 10'000, 30'000, 60'000, 300'000, 900'000, 3'600'000};

class JobCounts {
 public:
  // `final` is in a final state. Run time counts from its start; a job that never started (a
  // queued one cancelled) is counted but not timed.
  void finished(const JobRecord& final) noexcept;
  void queue_full() noexcept;

  struct Type {
    std::string plugin;
    std::string name;
    std::map<JobState, std::uint64_t> finished;  // final states only
    metrics::Histogram::Snapshot duration_ms;
  };
  struct Snapshot {
    std::vector<Type> types;  // by plugin, then name
    std::uint64_t queue_full = 0;
  };
  Snapshot snapshot() const;

 private:
  struct Counts {
    std::map<JobState, std::uint64_t> finished;
    metrics::Histogram duration_ms{kJobDurationBoundsMs};
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Counts>> types_;
  std::uint64_t queue_full_ = 0;
};

}  // namespace berth::tasks
