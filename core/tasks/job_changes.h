#pragma once
// The monitor's inbox: job contexts and the runner post "job X changed" here and return at once;
// the monitor thread answers long polls and persists progress. Shared (shared_ptr) with the
// contexts of running jobs, so that a job the host abandoned can still post safely (it is ignored
// once closed).
#include "tasks/live_job.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace berth::tasks {

class JobChanges {
 public:
  struct Change {
    std::string id;
    std::shared_ptr<LiveJob> job;  // null: the job is not held in memory (a stored job changed)
  };

  // Several changes of one job before the monitor looks coalesce into one.
  void post(const std::string& id, std::shared_ptr<LiveJob> job);
  // Wakes the monitor to look at its waiters again (a new long poll).
  void poke();
  // Waits until something was posted, a poke, close() or `until`; `closed` says whether closed.
  std::vector<Change> wait(std::chrono::steady_clock::time_point until, bool& closed);
  void close();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::shared_ptr<LiveJob>> pending_;
  bool poked_ = false;
  bool closed_ = false;
};

}  // namespace berth::tasks
