#pragma once
// Long polls waiting for a job to change. No thread waits: each is a callback answered exactly
// once, by whoever removes it first (a change, its deadline, or the caller's own re-check).
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace berth::tasks {

class JobWaiters {
 public:
  using Done = std::function<void(std::optional<nlohmann::json>)>;
  using Clock = std::chrono::steady_clock;
  using Id = std::uint64_t;

  struct Ready {
    std::string job_id;
    Done done;
  };

  // Takes `done`, except once closed: then returns 0, `done` untouched, and the caller answers.
  Id add(const std::string& job_id, std::uint64_t seen_version, Clock::time_point deadline,
         Done&& done);
  void close();
  // The waiter's callback if it was still waiting (the caller must then call it), else empty.
  Done claim(Id id);
  bool waiting_on(const std::string& job_id) const;
  // Waiters on `job_id` that have not seen `version`.
  std::vector<Done> take_changed(const std::string& job_id, std::uint64_t version);
  std::vector<Ready> take_expired(Clock::time_point now);
  std::vector<Ready> take_all();
  std::optional<Clock::time_point> next_deadline() const;
  std::size_t size() const;

 private:
  struct Waiter {
    std::string job_id;
    std::uint64_t seen;
    Clock::time_point deadline;
    Done done;
  };
  Done remove_locked(Id id);

  mutable std::mutex mu_;
  Id next_id_ = 1;
  bool closed_ = false;
  std::map<Id, Waiter> waiters_;
  std::multimap<std::string, Id> by_job_;
  std::multimap<Clock::time_point, Id> by_deadline_;
};

}  // namespace berth::tasks
