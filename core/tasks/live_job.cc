#include "tasks/live_job.h"

#include <algorithm>
#include <cmath>

namespace berth::tasks {
JobRecord LiveJob::snapshot() const {
  std::lock_guard lock(mu_);
  return rec_;
}

std::uint64_t LiveJob::version() const {
  std::lock_guard lock(mu_);
  return rec_.version;
}

JobState LiveJob::state() const {
  std::lock_guard lock(mu_);
  return rec_.state;
}

bool LiveJob::set_progress(double percent, std::string message) {
  std::lock_guard lock(mu_);
  if (rec_.state != JobState::running || abandoned_) return false;
  if (std::isfinite(percent)) rec_.progress = std::clamp(percent, 0.0, 100.0);
  // progress(60) alone keeps the message: it still says what is happening.
  if (!message.empty()) rec_.message = std::move(message);
  ++rec_.version;
  return true;
}

bool LiveJob::add_log(std::string line, int tail_lines) {
  std::lock_guard lock(mu_);
  if (rec_.state != JobState::running || abandoned_) return false;
  rec_.log.push_back({++rec_.log_seq, std::move(line)});
  while (rec_.log.size() > static_cast<std::size_t>(std::max(1, tail_lines))) rec_.log.pop_front();
  ++rec_.version;
  return true;
}

bool LiveJob::set_result(const nlohmann::json& value) {
  std::lock_guard lock(mu_);
  if (rec_.state != JobState::running || abandoned_) return false;
  rec_.result = value;
  result_refusal_.reset();
  ++rec_.version;
  return true;
}

bool LiveJob::refuse_result(std::string why) {
  std::lock_guard lock(mu_);
  if (rec_.state != JobState::running || abandoned_) return false;
  rec_.result = nullptr;
  result_refusal_ = std::move(why);
  ++rec_.version;
  return true;
}

std::optional<std::string> LiveJob::result_refusal() const {
  std::lock_guard lock(mu_);
  return result_refusal_;
}

void LiveJob::request_stop(StopReason reason, std::string text) {
  {
    std::lock_guard lock(mu_);
    if (stop_reason_ == StopReason::none) {
      stop_reason_ = reason;
      stop_text_ = std::move(text);
    }
  }
  // Outside the lock: stop callbacks registered by the job run synchronously here.
  stop_.request_stop();
}

StopReason LiveJob::stop_reason() const {
  std::lock_guard lock(mu_);
  return stop_reason_;
}

std::string LiveJob::stop_text() const {
  std::lock_guard lock(mu_);
  return stop_text_;
}

void LiveJob::apply(const JobRecord& next) {
  std::lock_guard lock(mu_);
  rec_ = next;
}

JobRecord LiveJob::next_version() const {
  std::lock_guard lock(mu_);
  JobRecord r = rec_;
  ++r.version;
  return r;
}

bool LiveJob::enter_host() {
  std::lock_guard lock(mu_);
  if (abandoned_) return false;
  host_busy_ = true;
  return true;
}

void LiveJob::leave_host() {
  {
    std::lock_guard lock(mu_);
    host_busy_ = false;
  }
  host_idle_.notify_all();
}

bool LiveJob::abandon() {
  std::unique_lock lock(mu_);
  host_idle_.wait(lock, [&] { return !host_busy_; });
  if (is_final(rec_.state)) return false;
  abandoned_ = true;
  return true;
}

bool LiveJob::abandoned() const {
  std::lock_guard lock(mu_);
  return abandoned_;
}

void LiveJob::mark_persisted(std::uint64_t version, std::chrono::steady_clock::time_point when) {
  std::lock_guard lock(mu_);
  persisted_version_ = std::max(persisted_version_, version);
  persisted_at_ = when;
}

std::chrono::steady_clock::time_point LiveJob::persisted_at() const {
  std::lock_guard lock(mu_);
  return persisted_at_;
}

std::uint64_t LiveJob::persisted_version() const {
  std::lock_guard lock(mu_);
  return persisted_version_;
}

}  // namespace berth::tasks
