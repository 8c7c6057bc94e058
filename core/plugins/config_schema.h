#pragma once
// A plugin may declare a JSON Schema for its `config:` section (PluginDescriptor::config_schema);
// the host checks the section against it before the plugin registers, at start and in --check.
#include "config/host_config.h"
#include "config/load.h"

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace berth::plugins {

// Every way `entry.config` breaks `schema_text`, each with the YAML file, line and key path of the
// offending value ("berth.yaml:31:17: plugins[2].config.commands.du.timeout: expected an integer,
// got \"soon\""). A schema that is not valid JSON or not a usable JSON Schema is one problem that
// names the plugin file: a bug in the plugin, not in the config.
std::vector<config::Problem> check_plugin_config(const config::PluginEntry& entry,
                                                 std::string_view schema_text,
                                                 std::string_view plugin_file);

}  // namespace berth::plugins
