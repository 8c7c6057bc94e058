#include "tasks/job_context.h"

namespace berth::tasks {

// The SDK promises these never throw; an allocation failure here is swallowed rather than
// unwinding through plugin code.
void JobContextImpl::progress(double percent, std::string_view message) noexcept {
  try {
    if (job_->set_progress(percent, message)) changed();
  } catch (...) {
  }
}

void JobContextImpl::log(std::string_view line) noexcept {
  try {
    if (job_->add_log(line, log_tail_lines_)) changed();
  } catch (...) {
  }
}

void JobContextImpl::result(const nlohmann::json& value) noexcept {
  try {
    if (job_->set_result(value)) changed();
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
