#include "tasks/job_counts.h"

namespace berth::tasks {

void JobCounts::finished(const JobRecord& final) noexcept {
  try {
    std::lock_guard lock(mutex_);
    auto& counts = types_[{final.plugin, final.name}];
    if (!counts) counts = std::make_unique<Counts>();
    ++counts->finished[final.state];
    if (final.started_ms && final.finished_ms && *final.finished_ms >= *final.started_ms)
      counts->duration_ms.observe(
          static_cast<std::uint64_t>(*final.finished_ms - *final.started_ms));
  } catch (...) {
    // Out of memory: the job is done all the same; only its count is lost.
  }
}

void JobCounts::queue_full() noexcept {
  std::lock_guard lock(mutex_);
  ++queue_full_;
}

JobCounts::Snapshot JobCounts::snapshot() const {
  std::lock_guard lock(mutex_);
  Snapshot s;
  s.queue_full = queue_full_;
  for (const auto& [key, counts] : types_)
    s.types.push_back({key.first, key.second, counts->finished, counts->duration_ms.snapshot()});
  return s;
}

}  // namespace berth::tasks
