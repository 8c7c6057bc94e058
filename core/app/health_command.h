#pragma once
// `berth health`: asks a running berth on its Unix socket whether it is ready, for container
// health checks. It speaks HTTP itself so that the runtime image needs no curl.
#include <CLI/CLI.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace berth::app {

struct HealthResult {
  bool ready = false;
  std::string reason;  // one line: why not ready, or what answered
};

// GET /_berth/ready on `socket_path`; every step (connect, send, answer) shares `timeout`.
HealthResult probe_ready(const std::string& socket_path, std::chrono::milliseconds timeout);

// Adds the subcommand; when it runs, `exit_code` is set: 0 ready, 1 not ready or unreachable,
// 2 the socket could not be determined (bad config).
void add_health_command(CLI::App& cli, std::optional<int>& exit_code);

}  // namespace berth::app
