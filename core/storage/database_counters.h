#pragma once
#include "metrics/histogram.h"

#include <array>
#include <atomic>
#include <cstdint>

namespace berth::storage {

// Writes per group commit, up to the largest max_batch worth telling apart.
inline constexpr std::array<std::uint64_t, 9> kBatchSizeBounds = {1, 2, 4, 8, 16, 32, 64, 128, 256};
// COMMIT, which is where the fsync of a durable write happens: 50 µs to 1 s.
inline constexpr std::array<std::uint64_t, 14> kCommitBoundsNs = {
    50'000,     100'000,    250'000,    500'000,     1'000'000,   2'500'000,   5'000'000,
    10'000'000, 25'000'000, 50'000'000, 100'000'000, 250'000'000, 500'000'000, 1'000'000'000};

// Shared by the writer thread, readers and stats(); relaxed: they are statistics, not locks.
struct DatabaseCounters {
  std::atomic<std::uint64_t> writes{0};
  std::atomic<std::uint64_t> batches{0};
  std::atomic<std::uint64_t> failed_writes{0};
  std::atomic<std::uint64_t> reads{0};
  std::atomic<std::uint64_t> statements_prepared{0};
  std::atomic<std::uint64_t> busy_retries{0};  // waits for a lock another connection held
  metrics::Histogram batch_size{kBatchSizeBounds};
  metrics::Histogram commit_ns{kCommitBoundsNs};

  static void add(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) noexcept {
    counter.fetch_add(n, std::memory_order_relaxed);
  }
};

}  // namespace berth::storage
