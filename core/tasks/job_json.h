#pragma once
// The JSON the REST layer returns for jobs and tasks.
#include "tasks/job_record.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace berth::tasks {

// "2024-05-01T12:34:56.789Z"
std::string rfc3339(std::int64_t epoch_ms);
nlohmann::json rfc3339_or_null(const std::optional<std::int64_t>& epoch_ms);

// {"id", "plugin", "name", "state", "params", "progress", "message", "result", "error", "log",
//  "created", "started", "finished", "attempt", "resumable", "version"}; "params", "result" and
// "log" (with "log_seq", the seq of its last line: lines are numbered 1, 2, ... per job) only as
// `detail` asks.
nlohmann::json to_json(const JobRecord& job, JobDetail detail = kFullDetail);

}  // namespace berth::tasks
