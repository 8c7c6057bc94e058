#pragma once
// `berth logs [-f] [--level L] [--plugin P] [--json]`: a running host's last log lines, from
// GET /_berth/logs on its socket; with -f it follows them through the route's long poll, so a
// frontend can stream its backend's log with ddClient.extension.vm.cli.exec("berth",
// ["logs", "-f"], {stream: ...}). Exit 0 when done (or when the reader of stdout went away),
// 2 for a bad config or a query the host refuses, 3 when the host cannot be reached or goes away.
#include <CLI/CLI.hpp>

#include <optional>

namespace berth::app {

void add_logs_command(CLI::App& cli, std::optional<int>& exit_code);

}  // namespace berth::app
