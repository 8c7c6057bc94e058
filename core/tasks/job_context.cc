#include "tasks/job_context.h"

namespace berth::tasks {

// The SDK promises these never throw; an allocation failure here is swallowed rather than
// unwinding through plugin code.
void JobContextImpl::progress(double percent, std::string_view message) noexcept {
  try {
    if (job_->set_progress(percent, cut_to(message, limits_.max_log_line_bytes))) changed();
  } catch (...) {
  }
}

void JobContextImpl::log(std::string_view line) noexcept {
  try {
    if (job_->add_log(cut_to(line, limits_.max_log_line_bytes), limits_.log_tail_lines)) changed();
  } catch (...) {
  }
}

void JobContextImpl::result(const nlohmann::json& value) noexcept {
  try {
    std::string refused;
    if (!json_size_within(value, limits_.max_result_bytes)) {
      refused = "the job's result is larger than tasks.max_result_bytes (" +
                std::to_string(limits_.max_result_bytes) + " bytes)";
    } else if (result_schema_) {
      // The typed client promises the declared result: a plugin bug shows as a failed job.
      if (auto violations = result_schema_->check(value); !violations.empty())
        refused =
            "the job's result does not match its result_schema: " + contract::describe(violations);
    }
    if (refused.empty() ? job_->set_result(value) : job_->refuse_result(refused)) changed();
  } catch (...) {
  }
}

void JobContextImpl::changed() noexcept {
  try {
    changes_->post(job_->id(), job_);
  } catch (...) {
  }
}

}  // namespace berth::tasks
