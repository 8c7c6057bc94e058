#pragma once
// Pieces of a JSON log line written by hand into a reused buffer: the request log formats one line
// per request, and building an nlohmann::json for it cost more than most handlers.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace berth::log {

// Appends `text` as a JSON string, quotes included: quotes, backslashes and control characters
// (NUL too) escaped, invalid UTF-8 replaced by U+FFFD, so that any input gives valid JSON.
void append_json_string(std::string& out, std::string_view text);
void append_uint(std::string& out, std::uint64_t value);
// Appends utc_timestamp(t) (rfc3339, milliseconds). The text up to the second is cached per
// thread: only the milliseconds are formatted for every line.
void append_utc_timestamp(std::string& out, std::chrono::system_clock::time_point t);

}  // namespace berth::log
