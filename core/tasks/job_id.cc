#include "tasks/job_id.h"

#include "tasks/job_record.h"

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <random>

namespace berth::tasks {

std::string new_job_id() {
  static std::mutex mu;
  static std::mt19937 rng{std::random_device{}()};
  static std::int64_t last_ms = 0;
  static std::uint32_t last_suffix = 0;

  std::int64_t ms = now_ms();
  std::uint32_t suffix;
  {
    std::lock_guard lock(mu);
    if (ms > last_ms) {
      // Start in the lower half so that the counting below does not overflow.
      suffix = rng() & 0x7fffffffu;
      last_ms = ms;
    } else {
      // Same millisecond (or the clock went back): stay after the previous id.
      ms = last_ms;
      suffix = last_suffix + 1 + (rng() & 0xffu);
    }
    last_suffix = suffix;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%012llx%08x",
                static_cast<unsigned long long>(ms) & 0xffffffffffffull, suffix);
  return buf;
}

}  // namespace berth::tasks
