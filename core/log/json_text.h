#pragma once
// Pieces of a JSON log line written by hand: the request log formats one line per request, and
// building an nlohmann::json for it cost more than most handlers. Each piece is written through a
// pointer into room the caller made (at most the bound given here) and returns the end: in the
// image's -Os build every std::string append is a call, and they cost more than the pieces.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace berth::log {

// The most write_json_string writes for `bytes` bytes of text: every byte as \u00XX, and quotes.
constexpr std::size_t json_string_bound(std::size_t bytes) {
  return 2 + 6 * bytes;
}
constexpr std::size_t kUintBytes = 20;       // 18446744073709551615
constexpr std::size_t kTimestampBytes = 24;  // 2024-01-02T03:04:05.678Z

// `text` as a JSON string, quotes included: quotes, backslashes and control characters (NUL too)
// escaped, invalid UTF-8 replaced by U+FFFD, so that any input gives valid JSON.
char* write_json_string(char* out, std::string_view text);
char* write_uint(char* out, std::uint64_t value);
// utc_timestamp(t) (rfc3339, milliseconds), for the years a system_clock::time_point holds. The
// text up to the second is cached per thread: only the milliseconds are formatted for every line.
char* write_utc_timestamp(char* out, std::chrono::system_clock::time_point t);

}  // namespace berth::log
