#include "storage/utc_time.h"

#include <cstdio>
#include <ctime>

namespace berth::storage {
namespace {

std::string format(std::chrono::system_clock::time_point t, const char* date_time_format,
                   const char* millis_format) {
  using namespace std::chrono;
  auto secs = time_point_cast<seconds>(t);
  if (secs > t) secs -= seconds(1);  // before 1970 the cast rounds toward zero
  auto ms = duration_cast<milliseconds>(t - secs).count();
  std::time_t tt = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[48];
  std::size_t n = std::strftime(buf, sizeof buf, date_time_format, &tm);
  std::snprintf(buf + n, sizeof buf - n, millis_format, static_cast<int>(ms));
  return buf;
}

}  // namespace

std::string utc_compact(std::chrono::system_clock::time_point t) {
  return format(t, "%Y%m%dT%H%M%S", "%03dZ");
}

std::string utc_iso8601(std::chrono::system_clock::time_point t) {
  return format(t, "%Y-%m-%dT%H:%M:%S", ".%03dZ");
}

}  // namespace berth::storage
