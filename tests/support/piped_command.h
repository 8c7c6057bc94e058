#pragma once
// A child process whose stdout is a pipe the test reads line by line, as Docker Desktop's
// `vm.cli.exec` stream or a shell pipeline would; its stderr goes to a file.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace berth::test {

class PipedCommand {
 public:
  PipedCommand(std::vector<std::string> args, std::filesystem::path stderr_file);
  ~PipedCommand();  // SIGKILLs a child still running
  PipedCommand(const PipedCommand&) = delete;

  // The next line of stdout without its newline; nullopt at the timeout or end of output.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Every line until the child closes stdout (or the timeout).
  std::vector<std::string> read_to_end(std::chrono::milliseconds timeout);
  // Closes the read end: the child's next write fails (EPIPE / SIGPIPE).
  void close_stdout();
  void signal(int sig) const;
  // The exit code (or 128+signal), once it exits within the timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  std::string stderr_text() const;

 private:
  int pid_ = -1;
  int out_ = -1;
  std::string buffer_;
  bool eof_ = false;
  std::optional<int> status_;
  std::filesystem::path stderr_file_;
};

}  // namespace berth::test
