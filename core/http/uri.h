#pragma once
// Request-target decoding: percent-escapes in the path, `+` and escapes in the query.
#include "base/expected.h"

#include <berth/request.h>

#include <string>
#include <string_view>

namespace berth::http {

// Appends the percent-decoded form of `in` to `out`. False for a malformed escape or `%00`
// (a NUL would truncate the path in every C API a plugin hands it to).
bool percent_decode(std::string_view in, bool plus_is_space, std::string& out);

// Fills request.path and request.query from request.target (origin form, absolute form or `*`).
// A failure says why the target cannot be decoded.
Expected<void> decode_target(Request& request);

}  // namespace berth::http
