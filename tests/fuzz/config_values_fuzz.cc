// The small grammars inside config values (and BERTH_* variables and flags): durations, sizes and
// ${VAR} references.
#include "config/env_expand.h"
#include "config/units.h"
#include "fuzz_target.h"

#include <string>

namespace {

std::optional<std::string> values_fuzz_environment(const std::string& name) {
  if (name == "SET") return std::string("value");
  if (name == "EMPTY") return std::string();
  if (name == "NESTED") return std::string("${SET}");
  return std::nullopt;
}

}  // namespace

BERTH_FUZZ_TARGET(config_values) {
  const std::string_view text = berth::fuzz::as_text(data, size);
  if (auto d = berth::config::parse_duration(text)) {
    BERTH_FUZZ_CHECK(d->count() >= 0);
    // What is shown in messages reads back as the same duration.
    auto again = berth::config::parse_duration(berth::config::format_duration(*d));
    BERTH_FUZZ_CHECK(again && *again == *d);
  } else {
    BERTH_FUZZ_CHECK(!d.error().empty());
  }
  if (auto s = berth::config::parse_size(text); !s) BERTH_FUZZ_CHECK(!s.error().empty());

  auto expanded = berth::config::expand_env(text, &values_fuzz_environment);
  if (expanded && text.find('$') == std::string_view::npos) BERTH_FUZZ_CHECK(*expanded == text);
  return 0;
}
