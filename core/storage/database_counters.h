#pragma once
#include <atomic>
#include <cstdint>

namespace berth::storage {

// Shared by the writer thread, readers and stats(); relaxed: they are statistics, not locks.
struct DatabaseCounters {
  std::atomic<std::uint64_t> writes{0};
  std::atomic<std::uint64_t> batches{0};
  std::atomic<std::uint64_t> failed_writes{0};
  std::atomic<std::uint64_t> reads{0};
  std::atomic<std::uint64_t> statements_prepared{0};

  static void add(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) noexcept {
    counter.fetch_add(n, std::memory_order_relaxed);
  }
};

}  // namespace berth::storage
