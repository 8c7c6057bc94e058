#include "tasks/job_json.h"

#include "log/utc_time.h"

#include <chrono>

namespace berth::tasks {

std::string rfc3339(std::int64_t epoch_ms) {
  return log::utc_timestamp(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(epoch_ms)));
}

nlohmann::json rfc3339_or_null(const std::optional<std::int64_t>& epoch_ms) {
  return epoch_ms ? nlohmann::json(rfc3339(*epoch_ms)) : nlohmann::json(nullptr);
}

nlohmann::json to_json(const JobRecord& job, JobDetail detail) {
  nlohmann::json j = {
      {"id", job.id},
      {"plugin", job.plugin},
      {"name", job.name},
      {"state", to_string(job.state)},
      {"progress", job.progress},
      {"message", job.message},
      {"error", job.error ? nlohmann::json(*job.error) : nlohmann::json(nullptr)},
      {"created", rfc3339(job.created_ms)},
      {"started", rfc3339_or_null(job.started_ms)},
      {"finished", rfc3339_or_null(job.finished_ms)},
      {"attempt", job.attempt},
      {"resumable", job.resumable},
      {"version", job.version},
  };
  if (detail.params) j["params"] = job.params;
  if (detail.result) j["result"] = job.result;
  if (detail.log) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& line : job.log) lines.push_back(line.text);
    j["log"] = std::move(lines);
    // Numbers the tail, so a follower prints each line once although the window slides.
    j["log_seq"] = job.log.empty() ? job.log_seq : job.log.back().seq;
  }
  return j;
}

}  // namespace berth::tasks
