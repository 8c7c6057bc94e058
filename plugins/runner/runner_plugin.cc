// Entry point: wiring only. Commands, processes and usage sampling live in their own files.
#include "config_schema.h"
#include "runner_routes.h"
#include "usage.h"

#include <berth/plugin.h>

#include <memory>

namespace {

void register_runner(berth::PluginContext& context) {
  auto settings =
      std::make_shared<const runner::Settings>(runner::parse_settings(context.config()));
  context.storage().migrate(runner::kMigrations);
  runner::add_routes(context, settings);
  runner::add_tasks(context, settings);
}

}  // namespace

BERTH_PLUGIN(register_runner, .name = "runner", .version = "1.0.0",
             .description = "Runs allow-listed commands as jobs; samples disk usage",
             .config_schema = runner::kConfigSchema)
