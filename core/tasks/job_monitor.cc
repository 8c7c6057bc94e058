#include "tasks/job_monitor.h"

#include "log/logger.h"
#include "tasks/job_json.h"

#include <pthread.h>

#include <algorithm>
#include <vector>

namespace berth::tasks {

JobMonitor::JobMonitor(JobStore& store, std::shared_ptr<JobChanges> changes, JobWaiters& waiters,
                       Lookup lookup, std::chrono::milliseconds persist_interval)
    : store_(store),
      changes_(std::move(changes)),
      waiters_(waiters),
      lookup_(std::move(lookup)),
      persist_interval_(std::max(std::chrono::milliseconds(1), persist_interval)) {
  thread_ = std::thread([this] { loop(); });
  pthread_setname_np(thread_.native_handle(), "berth-jobmon");
}

JobMonitor::~JobMonitor() {
  stop();
}

void JobMonitor::stop() {
  changes_->close();
  if (thread_.joinable()) thread_.join();
}

JobMonitor::Clock::time_point JobMonitor::next_wake(Clock::time_point now) const {
  auto wake = now + std::chrono::hours(1);
  if (auto deadline = waiters_.next_deadline()) wake = std::min(wake, *deadline);
  for (const auto& [id, d] : dirty_) wake = std::min(wake, d.due);
  return wake;
}

void JobMonitor::loop() {
  for (;;) {
    bool closed = false;
    auto changes = changes_->wait(next_wake(Clock::now()), closed);
    auto now = Clock::now();
    for (const auto& change : changes) on_change(change, now);
    for (auto& ready : waiters_.take_expired(now)) answer(ready.done, lookup(ready.job_id));
    flush(now, closed);
    if (closed) {
      waiters_.close();
      for (auto& ready : waiters_.take_all()) answer(ready.done, lookup(ready.job_id));
      return;
    }
  }
}

void JobMonitor::on_change(const JobChanges::Change& change, Clock::time_point now) {
  if (change.job && change.job->state() == JobState::running &&
      change.job->version() > change.job->persisted_version() && !dirty_.count(change.id)) {
    dirty_.emplace(change.id, Dirty{change.job,
                                    std::max(now, change.job->persisted_at() + persist_interval_)});
  }
  if (!waiters_.waiting_on(change.id)) return;
  std::optional<nlohmann::json> job =
      change.job ? std::optional<nlohmann::json>(to_json(change.job->snapshot()))
                 : lookup(change.id);
  if (!job) return;
  for (auto& done : waiters_.take_changed(change.id, job->value("version", std::uint64_t{0})))
    answer(done, job);
}

void JobMonitor::flush(Clock::time_point now, bool everything) {
  std::vector<std::shared_ptr<LiveJob>> jobs;
  std::vector<JobRecord> records;
  for (auto it = dirty_.begin(); it != dirty_.end();) {
    if (!everything && it->second.due > now) {
      ++it;
      continue;
    }
    JobRecord rec = it->second.job->snapshot();
    if (rec.state == JobState::running && rec.version > it->second.job->persisted_version()) {
      jobs.push_back(it->second.job);
      records.push_back(std::move(rec));
    }
    it = dirty_.erase(it);
  }
  if (records.empty()) return;
  try {
    store_.save_progress(records);
    for (std::size_t i = 0; i < jobs.size(); ++i) jobs[i]->mark_persisted(records[i].version, now);
  } catch (const std::exception& e) {
    log::error("cannot record job progress", {{"jobs", records.size()}, {"error", e.what()}});
    if (everything) return;
    for (auto& job : jobs) dirty_.emplace(job->id(), Dirty{job, now + persist_interval_});
  }
}

std::optional<nlohmann::json> JobMonitor::lookup(const std::string& id) noexcept {
  try {
    return lookup_(id);
  } catch (const std::exception& e) {
    log::error("cannot read a job for a long poll", {{"id", id}, {"error", e.what()}});
    return std::nullopt;
  }
}

void JobMonitor::answer(const JobWaiters::Done& done,
                        const std::optional<nlohmann::json>& job) noexcept {
  if (!done) return;
  try {
    done(job);
  } catch (const std::exception& e) {
    log::error("a long poll callback threw", {{"error", e.what()}});
  } catch (...) {
    log::error("a long poll callback threw", {{"error", "unknown exception"}});
  }
}

}  // namespace berth::tasks
