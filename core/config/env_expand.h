#pragma once
// ${VAR} and ${VAR:-default} references in config strings.
#include "base/expected.h"
#include "config/load.h"

#include <string>
#include <string_view>
#include <vector>

namespace berth::config {

// Replaces ${VAR} with VAR's value and ${VAR:-default} with VAR's value, or `default` (itself
// expanded) when VAR is unset or empty, as in POSIX sh. "$$" is a literal "$"; any other "$"
// is kept. Values are inserted verbatim, never re-expanded, so a variable cannot inject
// references. Names are [A-Za-z_][A-Za-z0-9_]*. An unset VAR without default is an error; a
// failure holds one message per bad reference.
Expected<std::string, std::vector<std::string>> expand_env(std::string_view text,
                                                           const Environment& env);

}  // namespace berth::config
