#pragma once
// The commands the dev page runs (vm.cli.exec, docker.cli.exec): each a session on the server
// that the page starts, long-polls for new output lines and may kill. Bounded so that a page left
// open, or one that forgot its processes, cannot exhaust the machine: a session keeps at most
// `max_lines` / `max_bytes` of output not yet polled (more is dropped and counted), at most
// `max_sessions` exist at once, and one not polled for `reap_after` is killed and forgotten. A
// waiting poll holds no thread: it is answered when output arrives, the command ends or its wait
// passes.
#include "base/expected.h"

#include <berth/response.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace berth::app::dev {

struct ExecLimits {
  std::size_t max_lines = 10'000;
  std::size_t max_bytes = 4 << 20;
  std::size_t max_sessions = 32;
  std::chrono::milliseconds reap_after{15'000};
};

class ExecSessions {
 public:
  using Respond = std::function<void(Response)>;

  explicit ExecSessions(ExecLimits limits);
  ~ExecSessions();  // kills what still runs and waits for it
  ExecSessions(const ExecSessions&) = delete;
  ExecSessions& operator=(const ExecSessions&) = delete;

  // Starts `argv`; the session's id, or why not (429 at the session limit).
  Expected<std::string, Response> start(std::vector<std::string> argv);
  // The output lines from index `after` on, once there are some, the command ended or `wait`
  // passed: {"lines": [{"stream", "line"}], "next", "done", "code", "signal", "error",
  // "dropped"}. Polling from `after` lets go of the lines before it; a poll that saw the end
  // with every line forgets the session.
  void poll(const std::string& id, std::size_t after, std::chrono::milliseconds wait,
            Respond respond);
  // Stops the command (SIGTERM to its process group, SIGKILL after a grace). False: no such
  // session.
  bool kill(const std::string& id);
  // Answers every waiting poll now (shutdown).
  void answer_all();

  std::size_t size() const;

 private:
  struct Session;
  struct Waiter;

  void run(std::shared_ptr<Session> session);
  void tick();
  using Answers = std::vector<std::pair<Respond, Response>>;
  // Answers (into `out`, called once the lock is let go) the waiters of `s` that have something
  // to see, or whose wait passed by `now`. Under mutex_.
  void wake_locked(Session& s, std::chrono::steady_clock::time_point now, Answers& out);
  // What a poll from `after` sees; forgets the session when that is its end. Under mutex_.
  Response answer_locked(Session& s, std::size_t after);

  const ExecLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable ticker_wake_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;
  std::vector<std::shared_ptr<Session>> ending_;  // reaped, their thread not joined yet
  std::uint64_t next_id_ = 1;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace berth::app::dev
