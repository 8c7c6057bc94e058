#pragma once
// A job as stored and as reported: the plain data, without threads or locks.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace berth::tasks {

enum class JobState { queued, running, succeeded, failed, cancelled, interrupted };

std::string_view to_string(JobState state) noexcept;
std::optional<JobState> parse_job_state(std::string_view text) noexcept;
// succeeded, failed, cancelled and interrupted: nothing runs any more.
bool is_final(JobState state) noexcept;

// The fields that can be large: a listing leaves them out unless asked.
struct JobDetail {
  bool params = false;
  bool result = false;
  bool log = false;
};
inline constexpr JobDetail kFullDetail{true, true, true};

struct JobFilter {
  std::string plugin = {};  // empty: every plugin
  std::optional<JobState> state = {};
  int limit = 50;  // clamped to 1..1000
  JobDetail include = {};
};

struct LogLine {
  std::uint64_t seq = 0;  // 1, 2, ... per job, across attempts
  std::string text;
};

struct JobRecord {
  std::string id;
  std::string plugin;
  std::string name;
  nlohmann::json params = nlohmann::json::object();
  JobState state = JobState::queued;
  double progress = 0;
  std::string message;
  nlohmann::json result;             // null until the job sets one
  std::optional<std::string> error;  // why it failed, was cancelled or interrupted
  std::deque<LogLine> log;           // the tail, oldest first
  std::uint64_t log_seq = 0;         // seq of the newest line ever logged
  std::int64_t created_ms = 0;       // Unix epoch milliseconds
  std::optional<std::int64_t> started_ms;
  std::optional<std::int64_t> finished_ms;
  int attempt = 1;
  bool resumable = false;
  bool requeue = false;  // interrupted and resumable: queued again when its plugin starts
  std::uint64_t version = 1;
};

std::int64_t now_ms() noexcept;

}  // namespace berth::tasks
