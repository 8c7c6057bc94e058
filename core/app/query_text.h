#pragma once
// Text a command puts into a request target.
#include <string>
#include <string_view>

namespace berth::app {

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string query_escape(std::string_view text);

}  // namespace berth::app
