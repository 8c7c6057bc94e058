#pragma once
// The host's side of one running plugin child: calls over its socket matched to their answers by
// id, its stdout log lines passed to the host's log tagged with the plugin, its stderr kept (the
// last lines) for /_berth/plugins, and its end noticed: every call in flight then fails with how
// it ended, at once.
#include "isolation/child_process.h"
#include "isolation/frame.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace berth::isolation {

// The last lines a child wrote to stderr, across its restarts.
class StderrTail {
 public:
  explicit StderrTail(std::size_t lines) : max_(lines) {}
  void add(std::string line);
  std::deque<std::string> lines() const;

 private:
  const std::size_t max_;
  mutable std::mutex mutex_;
  std::deque<std::string> lines_;
};

class ChildConnection {
 public:
  // `ended` runs once, on the connection's reader thread, after every call in flight failed.
  ChildConnection(std::unique_ptr<ChildProcess> process, std::string plugin,
                  std::shared_ptr<StderrTail> stderr_tail,
                  std::function<void(const ChildExit&)> ended);
  ~ChildConnection();  // kills the child if it still runs, joins the reader

  pid_t pid() const noexcept { return process_->pid(); }
  // Sends a frame and waits for the answer with its id. Fails with how the child ended (or was
  // killed: a call still unanswered at `deadline` kills it, as hung).
  Expected<Frame> call(FrameType type, std::string body, std::chrono::milliseconds deadline);
  // Ends the child; calls in flight fail with `reason` ("was killed by the watchdog ...").
  void kill(std::string reason);
  bool ended() const;

 private:
  void read_loop();
  void forward_log_line(std::string_view line);
  void fail_all(const std::string& reason);

  std::unique_ptr<ChildProcess> process_;
  const std::string plugin_;
  std::shared_ptr<StderrTail> stderr_tail_;
  std::function<void(const ChildExit&)> ended_callback_;
  std::mutex write_mutex_;
  mutable std::mutex mutex_;  // calls_, next_id_, ended_, kill_reason_
  std::map<std::uint64_t, std::promise<Expected<Frame>>> calls_;
  std::uint64_t next_id_ = 1;
  std::optional<std::string> ended_;  // how it ended, once it has
  std::optional<std::string> kill_reason_;
  std::thread reader_;
};

}  // namespace berth::isolation
