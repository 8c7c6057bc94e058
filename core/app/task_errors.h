#pragma once
// What the task host's refusals mean over HTTP: the job routes' answers, and the status the SDK's
// start_job throws in plugin code.
#include "tasks/task_error.h"

#include <berth/response.h>

namespace berth::app {

int http_status(tasks::TaskErrc code) noexcept;

// {"message"} with the status; Retry-After when worth retrying; the violations as errors[].
Response task_error_response(const tasks::TaskError& error);

}  // namespace berth::app
