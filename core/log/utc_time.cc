#include "log/utc_time.h"

#include <cstdio>
#include <ctime>

namespace berth::log {

std::string utc_timestamp(std::chrono::system_clock::time_point t, UtcStyle style) {
  using namespace std::chrono;
  auto secs = time_point_cast<seconds>(t);
  if (secs > t) secs -= seconds(1);  // before 1970 the cast rounds toward zero
  const auto ms = duration_cast<milliseconds>(t - secs).count();
  const std::time_t tt = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  const bool compact = style == UtcStyle::compact;
  char buf[48];
  const std::size_t n =
      std::strftime(buf, sizeof buf, compact ? "%Y%m%dT%H%M%S" : "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, compact ? "%03dZ" : ".%03dZ", static_cast<int>(ms));
  return buf;
}

}  // namespace berth::log
