#pragma once
// Strong ETags "<id>-<revision>" and the If-Match / If-None-Match checks.
#include <cstdint>
#include <string>
#include <string_view>

namespace notes {

std::string format_etag(std::int64_t id, std::int64_t revision);

// If-Match (RFC 9110 13.1.1): "*" or a comma-separated list of entity tags, compared strongly, so
// a weak tag (W/"...") never matches. An empty or malformed header matches nothing.
bool if_match(std::string_view header, std::string_view current);

// If-None-Match (RFC 9110 13.1.2): true when the header names the current representation
// ("*" or a tag equal to `current` under the weak comparison).
bool if_none_match_hits(std::string_view header, std::string_view current);

}  // namespace notes
