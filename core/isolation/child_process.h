#pragma once
// One plugin child: `<binary> plugin-child --fd 3 --parent <pid>` with one end of a socketpair
// as fd 3, its stdout (the child's log lines) and stderr on pipes, and nothing else of the host:
// every other descriptor is closed before exec.
#include "base/expected.h"

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace berth::isolation {

// How a child ended, in the words the host's messages use.
struct ChildExit {
  std::string what;                   // "crashed (SIGSEGV)", "exited with status 3"
  std::optional<std::string> signal;  // "SIGSEGV" when a signal ended it
  bool clean = false;                 // exited with status 0
};

ChildExit describe_wait_status(int status);

struct ChildLimits {
  std::size_t address_space = 0;  // bytes
  int open_files = 0;
};

class ChildProcess {
 public:
  // Fork and exec from the calling thread: the child's PR_SET_PDEATHSIG fires when that thread
  // ends, so the caller must be a thread that lives as long as the child should.
  // `limits`' non-zero values are set in the child before exec.
  static Expected<std::unique_ptr<ChildProcess>> spawn(const std::string& binary,
                                                       const ChildLimits& limits = {});
  ~ChildProcess();  // kills and reaps a child still running; closes the descriptors

  pid_t pid() const noexcept { return pid_; }
  int socket() const noexcept { return socket_; }
  int out() const noexcept { return out_; }
  int err() const noexcept { return err_; }
  void kill() noexcept;
  // The exit, once the child ended within `timeout`.
  std::optional<ChildExit> wait_for(std::chrono::milliseconds timeout) noexcept;

 private:
  ChildProcess() = default;
  pid_t pid_ = -1;
  int socket_ = -1, out_ = -1, err_ = -1;
  // kill() and the reaping under one lock: once reaped, the pid may belong to another process.
  mutable std::mutex mutex_;
  std::optional<ChildExit> exit_;
};

}  // namespace berth::isolation
