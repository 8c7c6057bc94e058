#include "plugins/config_schema.h"

#include "contract/json_schema.h"

#include <stdexcept>
#include <string>

namespace berth::plugins {
namespace {

using Pointer = nlohmann::json::json_pointer;

// The deepest value with a recorded mark: a missing key is reported where its parent is written.
config::Mark mark_of(const config::PluginEntry& entry, Pointer pointer) {
  for (;;) {
    if (auto it = entry.config_marks.find(pointer.to_string()); it != entry.config_marks.end())
      return it->second;
    if (pointer.empty()) return entry.mark;
    pointer = pointer.parent_pointer();
  }
}

}  // namespace

std::vector<config::Problem> check_plugin_config(const config::PluginEntry& entry,
                                                 std::string_view schema_text,
                                                 std::string_view plugin_file) {
  const std::string source = std::string(plugin_file) + ": plugin '" + entry.name + "'";
  nlohmann::json schema = nlohmann::json::parse(schema_text, nullptr, false);
  if (schema.is_discarded() || !schema.is_object())
    return {{entry.mark, "", source + " declares a config schema that is not a JSON object"}};
  std::optional<contract::JsonSchema> compiled;
  try {
    compiled.emplace(std::move(schema));
  } catch (const std::invalid_argument& e) {
    return {{entry.mark, "", source + " declares an unusable config schema: " + e.what()}};
  }
  std::vector<config::Problem> problems;
  for (const contract::Violation& v : compiled->check(entry.config)) {
    const std::string path =
        v.field.empty() ? entry.config_path
                        : entry.config_path + (v.field.front() == '[' ? "" : ".") + v.field;
    problems.push_back({mark_of(entry, Pointer(v.pointer)), path, v.message});
  }
  return problems;
}

}  // namespace berth::plugins
