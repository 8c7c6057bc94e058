#pragma once
// Observations counted into fixed buckets without a lock: what a hot path records costs one
// relaxed increment of a bucket and one of the sum. Read whole, at scrape time, by snapshot().
// prometheus-cpp's own Histogram takes a mutex per observation, which every request would pay.
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace berth::metrics {

class Histogram {
 public:
  // Inclusive upper bounds, ascending, in the unit observations come in (ns, rows); a value above
  // the last one is counted in the implicit +Inf bucket.
  explicit Histogram(std::span<const std::uint64_t> upper_bounds);

  void observe(std::uint64_t value) noexcept {
    std::size_t i = 0;
    while (i < bounds_.size() && value > bounds_[i]) ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
  }

  struct Snapshot {
    std::vector<std::uint64_t> upper_bounds;
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf (the count)
    std::uint64_t sum = 0;
  };
  // Buckets are read one by one while others may observe: a bucket may be ahead of the sum by
  // an observation, never behind an earlier bucket (counts only grow, cumulative is summed here).
  Snapshot snapshot() const;

 private:
  const std::vector<std::uint64_t> bounds_;
  const std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // bounds_.size() + 1
  std::atomic<std::uint64_t> sum_{0};
};

}  // namespace berth::metrics
