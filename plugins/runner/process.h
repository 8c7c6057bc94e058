#pragma once
// Runs one command in a process group of its own, streaming its output line by line. Cancel and
// timeout kill the whole group (SIGTERM, then SIGKILL after a grace period), so a shell script's
// children do not outlive the job. If the host dies (even by SIGKILL) the command gets SIGKILL
// from the kernel (PR_SET_PDEATHSIG); what the command itself started is not signalled then and
// is reparented to init, or, in the extension's container, killed with it when docker-init (PID 1)
// exits after the host.
#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace runner {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  bool timed_out = false;
  bool stopped = false;  // the stop token fired
};

using LineSink = std::function<void(std::string_view stream, std::string_view line)>;

// Throws std::runtime_error when the command cannot be started (e.g. not found).
ProcessResult run_process(const std::vector<std::string>& argv, std::stop_token stop,
                          std::chrono::milliseconds timeout, const LineSink& on_line,
                          std::chrono::milliseconds kill_grace = std::chrono::seconds(2));

}  // namespace runner
