// Every UTC timestamp the host writes comes from utc_timestamp: the format is checked once here.
#include "log/utc_time.h"

#include <doctest/doctest.h>

#include <chrono>

TEST_CASE("utc_timestamp writes RFC 3339 with milliseconds, or its compact form") {
  using namespace std::chrono;
  using berth::log::utc_timestamp, berth::log::UtcStyle;
  const system_clock::time_point t =
      sys_days{year{2024} / 1 / 2} + hours(3) + minutes(4) + seconds(5) + milliseconds(678);
  CHECK(utc_timestamp(t) == "2024-01-02T03:04:05.678Z");
  CHECK(utc_timestamp(t, UtcStyle::rfc3339) == "2024-01-02T03:04:05.678Z");
  CHECK(utc_timestamp(t, UtcStyle::compact) == "20240102T030405678Z");
  CHECK(utc_timestamp(system_clock::time_point{}) == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("utc_timestamp keeps the fraction positive before 1970") {
  using namespace std::chrono;
  using berth::log::utc_timestamp;
  CHECK(utc_timestamp(system_clock::time_point(milliseconds(-1))) == "1969-12-31T23:59:59.999Z");
  CHECK(utc_timestamp(system_clock::time_point(milliseconds(-1000))) == "1969-12-31T23:59:59.000Z");
}
