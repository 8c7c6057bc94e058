#include "tasks/job_record.h"

#include <array>
#include <chrono>
#include <utility>

namespace berth::tasks {
namespace {

constexpr std::array<std::pair<JobState, std::string_view>, 6> kNames{{
    {JobState::queued, "queued"},
    {JobState::running, "running"},
    {JobState::succeeded, "succeeded"},
    {JobState::failed, "failed"},
    {JobState::cancelled, "cancelled"},
    {JobState::interrupted, "interrupted"},
}};

}  // namespace

std::string_view to_string(JobState state) noexcept {
  for (const auto& [s, name] : kNames)
    if (s == state) return name;
  return "unknown";
}

std::optional<JobState> parse_job_state(std::string_view text) noexcept {
  for (const auto& [s, name] : kNames)
    if (name == text) return s;
  return std::nullopt;
}

bool is_final(JobState state) noexcept {
  return state != JobState::queued && state != JobState::running;
}

std::int64_t now_ms() noexcept {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace berth::tasks
