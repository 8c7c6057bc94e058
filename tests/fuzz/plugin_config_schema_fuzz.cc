// A plugin's `config:` section as a user writes it, checked against the shipped plugins' JSON
// Schemas the way the host does at start, on reload and in --check.
#include "config/load.h"
#include "fuzz_target.h"
#include "plugins/config_schema.h"

#include "../../plugins/docker/config_schema.h"
#include "../../plugins/hello/config_schema.h"
#include "../../plugins/notes/config_schema.h"
#include "../../plugins/runner/config_schema.h"

#include <array>
#include <string>

namespace {

constexpr std::array<const char*, 4> kShippedSchemas = {hello::kConfigSchema, notes::kConfigSchema,
                                                        runner::kConfigSchema,
                                                        docker_plugin::kConfigSchema};

// The input, indented, becomes the section of one plugin entry.
std::string config_file_with_section(std::string_view section) {
  std::string yaml = "plugins:\n  - name: fuzzed\n    config:\n      ";
  for (char c : section) {
    yaml += c;
    if (c == '\n') yaml += "      ";
  }
  return yaml;
}

}  // namespace

BERTH_FUZZ_TARGET(plugin_config_schema) {
  if (size < 1) return 0;
  const char* schema = kShippedSchemas[data[0] % kShippedSchemas.size()];
  const std::string yaml = config_file_with_section(berth::fuzz::as_text(data + 1, size - 1));
  berth::config::HostConfig config;
  try {
    config = berth::config::load_string(
        yaml, "fuzz.yaml", [](const std::string&) { return std::optional<std::string>(); });
  } catch (const berth::config::ConfigError&) {
    return 0;  // not a config file: the config_load target's ground
  }
  for (const auto& entry : config.plugins) {
    for (const auto& problem : berth::plugins::check_plugin_config(entry, schema, "/fuzz/p.so")) {
      BERTH_FUZZ_CHECK(!problem.message.empty());
      (void)problem.to_string();
    }
  }
  return 0;
}
