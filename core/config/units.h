#pragma once
// Human-friendly durations ("250ms", "10s") and sizes ("1MiB"), shared by the config file,
// BERTH_* variables and command-line flags.
#include "base/expected.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace berth::config {

// Whatever the locale: config numbers are written in ASCII.
inline bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

// A whole number with an optional unit: ms, s, m, h; a bare number is milliseconds.
// Zero is accepted (callers decide whether it makes sense); negatives, fractions, unknown units
// and values beyond milliseconds' range are not. Whitespace between number and unit is allowed.
// A failure says why, e.g. "unknown duration unit 'x' in '10x'; ...".
Expected<std::chrono::milliseconds> parse_duration(std::string_view text);

// A whole number of bytes with an optional unit: B, KiB, MiB, GiB (1024s), KB, MB, GB (1000s);
// k/K, M, G mean KiB, MiB, GiB. Zero is accepted; negatives, unknown units and overflow are not.
Expected<std::size_t> parse_size(std::string_view text);

// "1h", "2m", "1500ms": the shortest exact spelling, for messages.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace berth::config
