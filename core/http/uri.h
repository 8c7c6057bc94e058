#pragma once
// Request-target decoding: percent-escapes in the path, `+` and escapes in the query.
#include <berth/request.h>

#include <string>
#include <string_view>

namespace berth::http {

// Appends the percent-decoded form of `in` to `out`. False for a malformed escape or `%00`
// (a NUL would truncate the path in every C API a plugin hands it to).
bool percent_decode(std::string_view in, bool plus_is_space, std::string& out);

// Fills request.path and request.query from request.target (origin form, absolute form or `*`).
// False with `error` set when the target cannot be decoded.
bool decode_target(Request& request, std::string& error);

}  // namespace berth::http
