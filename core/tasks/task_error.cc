#include "tasks/task_error.h"

namespace berth::tasks {

std::string_view to_string(TaskErrc code) noexcept {
  switch (code) {
    case TaskErrc::invalid_params: return "invalid params";
    case TaskErrc::params_too_large: return "params too large";
    case TaskErrc::no_such_job: return "no such job";
    case TaskErrc::unavailable: return "unavailable";
    case TaskErrc::already_final: return "already final";
    case TaskErrc::storage_failed: return "storage failed";
    case TaskErrc::internal: return "internal error";
  }
  return "internal error";
}

}  // namespace berth::tasks
