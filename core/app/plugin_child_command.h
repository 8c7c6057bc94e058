#pragma once
// `berth plugin-child --fd N --parent PID`, hidden: the process a plugin of `isolation: process`
// runs in (core/isolation). The host starts it; nobody else has a reason to.
#include <CLI/CLI.hpp>

#include <optional>

namespace berth::app {

void add_plugin_child_command(CLI::App& cli, std::optional<int>& exit_code);

}  // namespace berth::app
