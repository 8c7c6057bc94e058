#pragma once
// The user's overlay merged over the shipped config, on YAML nodes so that every value keeps the
// line and column it was written at (and, through Reader's source files, its file).
//
// Rules, from the top-level map down:
// - a map merges key by key: a key only in the overlay is added, a key in both merges its values;
// - `plugins` merges by plugin `name`: an overlay entry whose name is in the shipped list changes
//   only the keys it sets (`enabled: false` turns a shipped plugin off, `config:` merges key by
//   key), an entry with a new name is appended;
// - anything else (scalars, other lists, a value of another type) replaces the shipped value;
// - null (`key:` with nothing after it) over a map or a list changes nothing, so a section whose
//   lines are all commented out is harmless; over a scalar it replaces it.
#include "config/reader.h"

#include <yaml-cpp/yaml.h>

namespace berth::config {

// Problems (an overlay that is not a map, a plugin named twice in the overlay, a merge nested too
// deep) go to `reader`, marked in the overlay.
YAML::Node merge_overlay(Reader& reader, const YAML::Node& base, const YAML::Node& overlay);

}  // namespace berth::config
