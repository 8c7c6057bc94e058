#pragma once
// `berth new-plugin <name> [--dir D]`: a plugin project to build out of tree against the
// installed SDK (find_package(berth)), from templates embedded in the binary.
#include "base/expected.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace berth::app {

// Refused, saying why, unless `name` is a valid plugin name ([a-z][a-z0-9_]{0,62}).
Expected<void> check_plugin_name(const std::string& name);

// Writes the project into `dir` (default ./<name>). 0 on success, 2 with the error on `err`.
int new_plugin(const std::string& name, std::filesystem::path dir, std::ostream& out,
               std::ostream& err);

void add_new_plugin_command(CLI::App& cli, std::optional<int>& exit_code);

}  // namespace berth::app
