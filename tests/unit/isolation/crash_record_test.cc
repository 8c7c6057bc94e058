#include "isolation/crash_record.h"

#include <doctest/doctest.h>

using namespace berth::isolation;
using namespace std::chrono_literals;

TEST_CASE("crashes count within the window; the back-off doubles up to 5 s") {
  CrashRecord record(3, 10s);
  const auto t0 = CrashRecord::Clock::now();
  CHECK(!record.add(t0));
  CHECK(record.backoff() == 100ms);
  CHECK(!record.add(t0 + 1s));
  CHECK(record.backoff() == 200ms);
  // Both have left the window by now: this is the first in it again.
  CHECK(!record.add(t0 + 12s));
  CHECK(record.backoff() == 100ms);
  CHECK(!record.add(t0 + 13s));
  CHECK(record.add(t0 + 14s));
  CrashRecord many(1000, 1h);
  for (int i = 0; i < 20; ++i) (void)many.add(t0 + std::chrono::seconds(i));
  CHECK(many.backoff() == 5s);
  many.clear();
  CHECK(!many.add(t0 + 30s));
}
