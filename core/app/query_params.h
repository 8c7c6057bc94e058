#pragma once
// Query parameters of the host's own routes, read strictly: a bad value is a 400 naming it.
#include <berth/request.h>

#include <cstdint>
#include <optional>
#include <string>

namespace berth::app {

// An integer query parameter in [min, max], or HttpError 400 naming it: digits only (no sign,
// blanks or fraction), and a value out of range is refused rather than clamped.
std::optional<std::int64_t> integer_param(const Request& request, const std::string& name,
                                          std::int64_t min, std::int64_t max);

}  // namespace berth::app
