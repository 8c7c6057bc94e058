#pragma once
// What GET /_berth/metrics reports of one route: answers by status class, latency, requests in
// flight, handler exceptions. The route table keeps one per owner, method and pattern for its
// whole life, so that a plugin's reload or restart continues the same series.
#include "metrics/histogram.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace berth::routing {

// Seconds-scale buckets from 50 µs (a GET served from memory) to 30 s (a long poll's wait).
inline constexpr std::array<std::uint64_t, 18> kLatencyBoundsNs = {
    50'000,      100'000,       250'000,       500'000,       1'000'000,      2'500'000,
    5'000'000,   10'000'000,    25'000'000,    50'000'000,    100'000'000,    250'000'000,
    500'000'000, 1'000'000'000, 2'500'000'000, 5'000'000'000, 10'000'000'000, 30'000'000'000};

struct StatusClassCounts {
  std::array<std::atomic<std::uint64_t>, 5> counts{};  // 1xx .. 5xx

  void add(int status) noexcept {
    if (status >= 100 && status <= 599)
      counts[static_cast<std::size_t>(status / 100 - 1)].fetch_add(1, std::memory_order_relaxed);
  }
};

struct RouteMetrics {
  StatusClassCounts responses;
  std::atomic<std::int64_t> in_flight{0};
  std::atomic<std::uint64_t> exceptions{0};      // handlers that threw something not HttpError
  metrics::Histogram latency{kLatencyBoundsNs};  // ns

  void finished(int status, std::chrono::nanoseconds took) noexcept {
    responses.add(status);
    latency.observe(took.count() > 0 ? static_cast<std::uint64_t>(took.count()) : 0);
    in_flight.fetch_sub(1, std::memory_order_relaxed);
  }
};

}  // namespace berth::routing
