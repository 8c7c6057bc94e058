#pragma once
#include <chrono>
#include <functional>
#include <string>

namespace notes {

// "2026-11-27T17:00:00.123Z": UTC, milliseconds, always 24 characters, so that text order is
// time order.
std::string format_timestamp(std::chrono::system_clock::time_point time);

// Where the store takes "now" from; tests pass a fixed one.
using Clock = std::function<std::string()>;
std::string utc_now();

}  // namespace notes
