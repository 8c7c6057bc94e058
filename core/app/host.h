#pragma once
// Startup and shutdown order of the whole host.
#include "config/host_config.h"
#include "config/load.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace berth::app {

// Where the running config came from, so that it can be read again.
struct ConfigSource {
  std::string path;         // empty: built-in defaults, nothing to reload
  std::string overlay;      // the user's file merged over `path`; empty: none
  config::Environment env;  // what ${VAR} and BERTH_* resolved against (flags included)
  bool watch = true;        // false: reload on SIGHUP only
};

// Serves until SIGTERM or SIGINT; returns the process exit code. The caller has already blocked
// the signals in every thread (see block_signals) so that only sigwait sees them. The config file
// is reloaded when it changes and on SIGHUP (see config_reload.h).
int run_host(const config::HostConfig& config, const ConfigSource& source);

// Validates config and plugins without serving; prints every problem. Returns the exit code.
int check_host(const config::HostConfig& config);

// The OpenAPI document the host would serve with `config` (GET /_berth/openapi.json), built
// without serving: plugins register against scratch databases and none of their tasks run.
// Empty, with `errors` saying why, when a plugin fails to register.
nlohmann::json openapi_without_serving(const config::HostConfig& config,
                                       std::vector<std::string>& errors);

void block_signals();

}  // namespace berth::app
