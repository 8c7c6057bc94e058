#pragma once
#include "command_spec.h"

#include <berth/context.h>

#include <map>
#include <memory>
#include <string>

namespace runner {

struct Settings {
  std::map<std::string, CommandSpec> commands;
  std::string usage_path = ".";
  int usage_interval_seconds = 60;
  int usage_keep = 1440;
};

Settings parse_settings(const nlohmann::json& config);
// Every handler and task shares ownership of the settings.
void add_routes(berth::PluginContext& context, std::shared_ptr<const Settings> settings);
void add_tasks(berth::PluginContext& context, std::shared_ptr<const Settings> settings);

}  // namespace runner
