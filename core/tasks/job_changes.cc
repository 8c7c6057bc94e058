#include "tasks/job_changes.h"

namespace berth::tasks {

void JobChanges::post(const std::string& id, std::shared_ptr<LiveJob> job) {
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    auto& slot = pending_[id];
    if (job) slot = std::move(job);
  }
  cv_.notify_one();
}

void JobChanges::poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_one();
}

std::vector<JobChanges::Change> JobChanges::wait(std::chrono::steady_clock::time_point until,
                                                 bool& closed) {
  std::unique_lock lock(mu_);
  cv_.wait_until(lock, until, [&] { return closed_ || poked_ || !pending_.empty(); });
  poked_ = false;
  closed = closed_;
  std::vector<Change> out;
  out.reserve(pending_.size());
  for (auto& [id, job] : pending_) out.push_back({id, std::move(job)});
  pending_.clear();
  return out;
}

void JobChanges::close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

}  // namespace berth::tasks
