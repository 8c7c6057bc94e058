#pragma once
// `berth openapi [--config F] [--overlay F]`: prints the OpenAPI document the host would serve
// at GET /_berth/openapi.json, without serving (for builds: a frontend's generated client).
#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <optional>
#include <string>

namespace berth::app {

// The document for the config files (as `berth --config F --overlay O` reads them, BERTH_*
// variables included); nullopt after printing why to `err` (a bad config, a plugin that fails).
std::optional<nlohmann::json> openapi_for_config(const std::string& config_path,
                                                 const std::string& overlay_path,
                                                 std::ostream& err);

// Adds the subcommand; when it runs, `exit_code` is set (0 printed, 1 not).
void add_openapi_command(CLI::App& cli, std::optional<int>& exit_code);

}  // namespace berth::app
