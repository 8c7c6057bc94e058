#pragma once
// How much of a client's or a plugin's data one job may make the host keep (tasks.* in the
// config): its params, its result, each log line and progress message, and its log tail.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace berth::tasks {

struct JobLimits {
  std::size_t max_params_bytes = 64 * 1024;   // a larger start is refused (413)
  std::size_t max_result_bytes = 256 * 1024;  // a larger result fails the job
  std::size_t max_log_line_bytes = 8 * 1024;  // longer lines and messages are cut, with a marker
  int log_tail_lines = 200;                   // lines kept per job
};

// The size of `value` as compact JSON, or nullopt as soon as it passes `limit`: a value far too
// large is never serialized whole.
std::optional<std::size_t> json_size_within(const nlohmann::json& value, std::size_t limit);

// `text` when it fits in `limit` bytes; else its first bytes up to a UTF-8 character boundary
// and a marker saying how many bytes were cut.
std::string cut_to(std::string_view text, std::size_t limit);

}  // namespace berth::tasks
