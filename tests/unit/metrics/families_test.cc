#include "metrics/families.h"

#include <doctest/doctest.h>

#include <array>
#include <stdexcept>

using namespace berth::metrics;

TEST_CASE("families: counters, gauges and histograms in the text format") {
  constexpr std::array<std::uint64_t, 2> bounds = {1'000'000, 10'000'000};  // 1 ms, 10 ms in ns
  Histogram h(bounds);
  h.observe(500'000);
  h.observe(20'000'000);
  Families f;
  f.counter("demo_requests_total", "Requests.")
      .sample({{"route", "/a/:id"}, {"code", "2xx"}}, 3)
      .sample({{"route", "say \"hi\"\\\n"}, {"code", "5xx"}}, 1);
  f.gauge("demo_open", "Open now.").sample({}, 2);
  f.histogram("demo_seconds", "Latency.").sample({{"route", "/a/:id"}}, h.snapshot(), 1e-9);
  const std::string text = f.text();
  INFO(text);
  CHECK(text.find("# TYPE demo_requests_total counter\n") != std::string::npos);
  CHECK(text.find("demo_requests_total{route=\"/a/:id\",code=\"2xx\"} 3\n") != std::string::npos);
  // Label values are escaped as the format requires.
  CHECK(text.find(R"(route="say \"hi\"\\\n")") != std::string::npos);
  CHECK(text.find("# TYPE demo_open gauge\ndemo_open 2\n") != std::string::npos);
  CHECK(text.find("demo_seconds_bucket{route=\"/a/:id\",le=\"0.001\"} 1\n") != std::string::npos);
  CHECK(text.find("demo_seconds_bucket{route=\"/a/:id\",le=\"0.01\"} 1\n") != std::string::npos);
  CHECK(text.find("demo_seconds_bucket{route=\"/a/:id\",le=\"+Inf\"} 2\n") != std::string::npos);
  CHECK(text.find("demo_seconds_count{route=\"/a/:id\"} 2\n") != std::string::npos);
  CHECK(text.find("demo_seconds_sum{route=\"/a/:id\"} 0.0205\n") != std::string::npos);
}

TEST_CASE("families: a sample of the wrong kind is a programming error") {
  Families f;
  CHECK_THROWS_AS(f.sample({}, 1), std::logic_error);
  constexpr std::array<std::uint64_t, 1> bounds = {1};
  Histogram h(bounds);
  f.counter("c_total", "c");
  CHECK_THROWS_AS(f.sample({}, h.snapshot()), std::logic_error);
  f.histogram("h", "h");
  CHECK_THROWS_AS(f.sample({}, 1), std::logic_error);
}
