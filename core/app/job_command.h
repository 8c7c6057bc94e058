#pragma once
// `berth job follow <id>`: a running host's job, followed through its long poll
// (GET /_berth/jobs/<id>?version=&wait=) and printed as JSON lines until it ends:
// {"event": "progress", "state", "progress", "message"} when they change, {"event": "log", "seq",
// "text"} for each new log line, and last {"event": "end", "state", "error", "result"}.
// Exit 0 when the job succeeded, 1 when it failed, was cancelled or interrupted, 2 for an unknown
// job or bad config, 3 when the host cannot be reached or goes away; 0 as well, quietly, when the
// reader of stdout went away.
#include <CLI/CLI.hpp>

#include <optional>

namespace berth::app {

void add_job_command(CLI::App& cli, std::optional<int>& exit_code);

}  // namespace berth::app
