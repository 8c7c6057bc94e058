#include "tasks/job_waiters.h"

namespace berth::tasks {

JobWaiters::Id JobWaiters::add(const std::string& job_id, std::uint64_t seen_version,
                               Clock::time_point deadline, Done&& done) {
  std::lock_guard lock(mu_);
  if (closed_) return 0;
  Id id = next_id_++;
  waiters_.emplace(id, Waiter{job_id, seen_version, deadline, std::move(done)});
  by_job_.emplace(job_id, id);
  by_deadline_.emplace(deadline, id);
  return id;
}

void JobWaiters::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
}

JobWaiters::Done JobWaiters::remove_locked(Id id) {
  auto it = waiters_.find(id);
  if (it == waiters_.end()) return {};
  auto erase_from = [id](auto& index, const auto& key) {
    auto [first, last] = index.equal_range(key);
    for (auto i = first; i != last; ++i) {
      if (i->second == id) {
        index.erase(i);
        return;
      }
    }
  };
  erase_from(by_job_, it->second.job_id);
  erase_from(by_deadline_, it->second.deadline);
  Done done = std::move(it->second.done);
  waiters_.erase(it);
  return done;
}

JobWaiters::Done JobWaiters::claim(Id id) {
  std::lock_guard lock(mu_);
  return remove_locked(id);
}

bool JobWaiters::waiting_on(const std::string& job_id) const {
  std::lock_guard lock(mu_);
  return by_job_.count(job_id) > 0;
}

std::vector<JobWaiters::Done> JobWaiters::take_changed(const std::string& job_id,
                                                       std::uint64_t version) {
  std::lock_guard lock(mu_);
  std::vector<Id> ids;
  auto [first, last] = by_job_.equal_range(job_id);
  // A seen version the job does not have (newer, from before a host restart) also answers at
  // once: the client's view is stale either way.
  for (auto i = first; i != last; ++i)
    if (waiters_.at(i->second).seen != version) ids.push_back(i->second);
  std::vector<Done> out;
  for (Id id : ids) out.push_back(remove_locked(id));
  return out;
}

std::vector<JobWaiters::Ready> JobWaiters::take_expired(Clock::time_point now) {
  std::lock_guard lock(mu_);
  std::vector<Id> ids;
  for (auto i = by_deadline_.begin(); i != by_deadline_.end() && i->first <= now; ++i)
    ids.push_back(i->second);
  std::vector<Ready> out;
  for (Id id : ids) {
    std::string job_id = waiters_.at(id).job_id;
    out.push_back({std::move(job_id), remove_locked(id)});
  }
  return out;
}

std::vector<JobWaiters::Ready> JobWaiters::take_all() {
  return take_expired(Clock::time_point::max());
}

std::optional<JobWaiters::Clock::time_point> JobWaiters::next_deadline() const {
  std::lock_guard lock(mu_);
  if (by_deadline_.empty()) return std::nullopt;
  return by_deadline_.begin()->first;
}

std::size_t JobWaiters::size() const {
  std::lock_guard lock(mu_);
  return waiters_.size();
}

}  // namespace berth::tasks
