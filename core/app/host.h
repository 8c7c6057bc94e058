#pragma once
// Startup and shutdown order of the whole host.
#include "config/host_config.h"

namespace berth::app {

// Serves until SIGTERM or SIGINT; returns the process exit code. The caller has already blocked
// the signals in every thread (see block_signals) so that only sigwait sees them.
int run_host(const config::HostConfig& config);

// Validates config and plugins without serving; prints every problem. Returns the exit code.
int check_host(const config::HostConfig& config);

void block_signals();

}  // namespace berth::app
