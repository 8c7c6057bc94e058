#include "app/task_errors.h"

#include "routing/invalid_input.h"

namespace berth::app {

int http_status(tasks::TaskErrc code) noexcept {
  switch (code) {
    case tasks::TaskErrc::invalid_params: return 400;
    case tasks::TaskErrc::params_too_large: return 413;
    case tasks::TaskErrc::no_such_job: return 404;
    case tasks::TaskErrc::unavailable: return 503;
    case tasks::TaskErrc::already_final: return 409;
    case tasks::TaskErrc::storage_failed:
    case tasks::TaskErrc::internal: return 500;
  }
  return 500;
}

Response task_error_response(const tasks::TaskError& error) {
  if (!error.violations.empty()) return routing::invalid_input(error.violations);
  Response r = Response::error_json(http_status(error.code), error.message);
  if (error.code == tasks::TaskErrc::unavailable) r.headers.set("Retry-After", "1");
  return r;
}

}  // namespace berth::app
