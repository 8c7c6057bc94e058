#pragma once
// BERTH_* environment variables, applied over the file's values.
#include "config/host_config.h"
#include "config/load.h"

#include <vector>

namespace berth::config {

// Applies BERTH_SOCKET, BERTH_SOCKET_MODE, BERTH_TCP, BERTH_IO_THREADS, BERTH_WORKER_THREADS,
// BERTH_BACKLOG, BERTH_MAX_REQUEST_BYTES, BERTH_{HEADER,BODY,IDLE,SHUTDOWN}_TIMEOUT,
// BERTH_DATA_DIR, BERTH_LOG_LEVEL and BERTH_LOG_FORMAT, with the same syntax as the file.
// Problems are marked file "environment" with the variable's name as the path. Values are taken
// as they are: no ${} expansion, and an empty value is a value (for BERTH_TCP it disables TCP).
void apply_overrides(const Environment& env, HostConfig& config, std::vector<Problem>& problems);

}  // namespace berth::config
