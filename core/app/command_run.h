#pragma once
// Runs a short external command to the end and captures what it printed: `berth dev` drives the
// docker and compose CLIs this way (image inspection, `compose up`/`down`), as a user would,
// through the runner plugin's process code (runner/process.h) like its exec sessions.
#include "base/expected.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace berth::app {

struct CommandRun {
  std::vector<std::string> argv;                               // argv[0] looked up on PATH
  std::vector<std::pair<std::string, std::string>> env;        // set on top of this process's
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};  // then its group is killed
  std::size_t max_output = 1 << 20;                            // per stream; the rest is dropped
};

struct CommandResult {
  int exit_code = -1;  // 128 + N when killed by signal N
  std::string out;
  std::string err;
  bool ok() const { return exit_code == 0; }
  // "exit 1: <the last line of stderr>" for an error message.
  std::string failure() const;
};

// The command's result, or why it could not run (not found, timed out).
Expected<CommandResult> run_command(const CommandRun& run);

// `docker compose ...` and `docker-compose ...` as one argv prefix: `docker compose` when the
// plugin answers, else Debian's docker-compose (v1), else an error naming both.
Expected<std::vector<std::string>> compose_command();

}  // namespace berth::app
