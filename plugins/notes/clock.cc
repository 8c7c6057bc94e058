#include "clock.h"

#include <cstdio>
#include <ctime>

namespace notes {

std::string format_timestamp(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  auto ms = floor<milliseconds>(time);
  auto seconds = floor<std::chrono::seconds>(ms);
  std::time_t t = system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>((ms - seconds).count()));
  return text;
}

std::string utc_now() {
  return format_timestamp(std::chrono::system_clock::now());
}

}  // namespace notes
