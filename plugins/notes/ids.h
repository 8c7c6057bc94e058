#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace notes {

// A note id as it appears in a URL or a cursor: a positive decimal int64 in canonical form (no
// sign, no leading zero, no spaces), so that each note has exactly one URL.
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace notes
