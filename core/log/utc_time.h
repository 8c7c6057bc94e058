#pragma once
// The one UTC timestamp format of the host: log lines, job and task times, config reloads and
// migrations all read alike, with milliseconds; backup file names use the compact form of it.
#include <chrono>
#include <string>

namespace berth::log {

enum class UtcStyle {
  rfc3339,  // 2024-01-02T03:04:05.678Z
  compact,  // 20240102T030405678Z: sorts as text in time order, safe in file names
};

std::string utc_timestamp(std::chrono::system_clock::time_point t,
                          UtcStyle style = UtcStyle::rfc3339);

}  // namespace berth::log
