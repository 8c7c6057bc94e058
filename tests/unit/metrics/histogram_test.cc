#include "metrics/histogram.h"

#include <doctest/doctest.h>

#include <array>
#include <thread>
#include <vector>

using berth::metrics::Histogram;

TEST_CASE("histogram: a value lands in the first bucket whose bound it does not exceed") {
  constexpr std::array<std::uint64_t, 3> bounds = {10, 100, 1000};
  Histogram h(bounds);
  for (std::uint64_t v : {0, 10, 11, 100, 1000, 1001, 5000}) h.observe(v);
  const auto s = h.snapshot();
  CHECK(s.upper_bounds == std::vector<std::uint64_t>{10, 100, 1000});
  // Cumulative: <=10: 0, 10; <=100: + 11, 100; <=1000: + 1000; +Inf: + 1001, 5000.
  CHECK(s.cumulative == std::vector<std::uint64_t>{2, 4, 5, 7});
  CHECK(s.sum == 0 + 10 + 11 + 100 + 1000 + 1001 + 5000);
}

TEST_CASE("histogram: no observation is lost between threads") {
  constexpr std::array<std::uint64_t, 2> bounds = {1, 2};
  Histogram h(bounds);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&h, t] {
      for (int i = 0; i < 100'000; ++i) h.observe(static_cast<std::uint64_t>(t % 3));
    });
  for (auto& t : threads) t.join();
  const auto s = h.snapshot();
  CHECK(s.cumulative.back() == 400'000);
  // Threads 0 and 3 observe 0, thread 1 observes 1 (both <= 1), thread 2 observes 2.
  CHECK(s.cumulative == std::vector<std::uint64_t>{300'000, 400'000, 400'000});
  CHECK(s.sum == 100'000 * (0 + 1 + 2 + 0));
}
