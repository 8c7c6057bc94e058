#pragma once
// The real `berth` binary, run as a child process for integration tests.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace berth::test {

// $BERTH_BINARY (set by ctest) or "berth" next to the build tree.
std::string berth_binary();
// A folder of the build tree ($BERTH_BUILD_DIR/<relative>).
std::filesystem::path build_path(const std::string& relative);
std::filesystem::path source_path(const std::string& relative);

class BerthProcess {
 public:
  // Starts `berth args...`; stdout and stderr go to `log_file`.
  BerthProcess(std::vector<std::string> args, std::filesystem::path log_file,
               std::vector<std::string> extra_env = {});
  ~BerthProcess();  // SIGKILLs a child still running
  BerthProcess(const BerthProcess&) = delete;

  int pid() const { return pid_; }
  void signal(int sig) const;
  // The exit code (or 128+signal), once it exits within the timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  bool running();
  std::string log() const;

 private:
  int pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path log_file_;
};

// Polls GET `target` on the Unix socket until it answers `status`, or the timeout passes.
bool wait_for_status(const std::string& socket, const std::string& target, long status,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Runs the binary to completion; returns exit code and everything it printed.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult run_command(std::vector<std::string> args,
                          std::chrono::milliseconds timeout = std::chrono::seconds(30),
                          std::vector<std::string> extra_env = {});

}  // namespace berth::test
