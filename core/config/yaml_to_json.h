#pragma once
// Plugin config sections: any YAML, handed to the plugin as JSON.
#include "config/reader.h"

#include <nlohmann/json.hpp>

#include <cstddef>

namespace berth::config {

// Limits that stop a self-referencing alias ("&a [*a]") or an alias bomb (aliases repeated at
// each level grow exponentially) from hanging or exhausting the host.
inline constexpr int kMaxDepth = 64;
inline constexpr std::size_t kMaxValues = 1'000'000;

// Maps become objects (non-string keys written out as text), lists arrays. Scalars are ${}-
// expanded first, then plain ones typed by the YAML 1.2 core schema (see core_schema.h); quoted
// ones stay strings. Keys are not expanded. Problems (bad references, repeated keys, limits
// exceeded) go to `reader`; the first limit hit stops the conversion. With `marks`, records where
// each value was written, by JSON pointer relative to `slot`.
nlohmann::json yaml_to_json(Reader& reader, const Slot& slot, ConfigMarks* marks = nullptr);

// The same for showing the config: a scalar that ${} expansion changed is its text as written
// ("${TOKEN}"), so that a secret passed through the environment is not shown to every client.
nlohmann::json yaml_to_json_as_written(Reader& reader, const Slot& slot, ConfigMarks* marks);

}  // namespace berth::config
