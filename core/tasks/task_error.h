#pragma once
// Why the task host refused a request about a job. core/app says what each means over HTTP
// (app/task_errors.h); nothing below it does.
#include "base/expected.h"
#include "contract/json_schema.h"

#include <string>
#include <string_view>
#include <vector>

namespace berth::tasks {

enum class TaskErrc {
  invalid_params,    // not an object, against the params schema, or refused by validate
  params_too_large,  // above tasks.max_params_bytes
  no_such_job,       // no job type of that name, or no job with that id
  unavailable,       // queue full, host shutting down, plugin's tasks not running: retry later
  already_final,     // cancel of a job that already ended
  storage_failed,    // the job could not be recorded
  internal,          // anything else that went wrong in the host
};

std::string_view to_string(TaskErrc code) noexcept;

struct TaskError {
  TaskErrc code;
  std::string message;
  std::vector<contract::Violation> violations;  // invalid_params against the params schema
};

// A job that starts: its id.
using StartResult = Expected<std::string, TaskError>;

enum class Cancellation {
  cancelled,  // it was queued: cancelled at once
  stopping,   // it runs: its stop token fired, it ends when it sees it
};

struct CancelOutcome {
  Cancellation state;
  std::string message;
};

using CancelResult = Expected<CancelOutcome, TaskError>;

}  // namespace berth::tasks
