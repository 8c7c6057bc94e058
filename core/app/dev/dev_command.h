#pragma once
// `berth dev`: the extension's backend in this process, exactly as `berth` serves it (same flags,
// plugin libraries swapped in when rebuilt), and beside it a page server on 127.0.0.1 that shows
// the extension's UI in a plain browser with an emulated Docker Desktop client (docs/dev.md).
#include <CLI/CLI.hpp>

#include <optional>

namespace berth::app {

void add_dev_command(CLI::App& cli, std::optional<int>& exit_code);

}  // namespace berth::app
