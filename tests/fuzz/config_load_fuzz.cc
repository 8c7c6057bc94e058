// A config file as a user writes it: YAML -> HostConfig, with ${VAR} expansion, units and the
// BERTH_* overrides.
#include "config/load.h"
#include "config_fuzz_environment.h"
#include "fuzz_target.h"

#include <string>

BERTH_FUZZ_TARGET(config_load) {
  const std::string yaml(berth::fuzz::as_text(data, size));
  try {
    berth::config::HostConfig config =
        berth::config::load_string(yaml, "fuzz.yaml", &berth::fuzz::config_fuzz_environment);
    BERTH_FUZZ_CHECK(config.server.io_threads > 0 && config.server.worker_threads > 0);
    for (const auto& plugin : config.plugins) BERTH_FUZZ_CHECK(!plugin.name.empty());
    // Every plugin section is plain JSON a plugin can dump.
    for (const auto& plugin : config.plugins) (void)plugin.config.dump();
  } catch (const berth::config::ConfigError& e) {
    BERTH_FUZZ_CHECK(!e.problems().empty());
    for (const auto& problem : e.problems()) BERTH_FUZZ_CHECK(!problem.to_string().empty());
  }
  return 0;
}
