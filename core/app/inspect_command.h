#pragma once
// `berth inspect <plugin.so>`: what a plugin library says about itself and whether this host can
// load it, without running its register function.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iosfwd>
#include <optional>

namespace berth::app {

// Exit codes: 0 loadable, 1 a plugin this host refuses (the reason is printed), 2 not a plugin or
// unreadable.
int inspect_plugin(const std::filesystem::path& path, std::ostream& out, std::ostream& err);

// Adds the subcommand; when it runs, `exit_code` is set.
void add_inspect_command(CLI::App& cli, std::optional<int>& exit_code);

}  // namespace berth::app
