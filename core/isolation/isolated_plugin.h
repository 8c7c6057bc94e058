#pragma once
// A plugin of `isolation: process`, as the host's plugin layer sees it: a PluginCode whose
// descriptor the child read from the library and whose registration adds, for each route the
// child's plugin registered, a route of the same method, path and contract that forwards the
// request to the child. Its child is supervised: a crash fails the requests in flight with how it
// ended, and a new child is started (with back-off) until it crashed too often in a window.
#include "base/expected.h"
#include "config/host_config.h"
#include "plugins/plugin_code.h"

#include <berth/request.h>
#include <berth/response.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace berth::isolation {

struct IsolationOptions {
  std::string binary;  // the berth executable whose `plugin-child` runs the plugin (exec'd)
  std::string data_dir;
  std::string log_level = "info";
  int worker_threads = 16;
  // How long a stopping child gets for its stop hooks before it is killed.
  std::chrono::milliseconds stop_deadline{5000};
  // The answer to a request the plugin cannot give (its child crashed, restarts, or stays
  // failed); `message` says which. Made where HTTP answers are made.
  std::function<Response(const Request& request, const std::string& message)> unavailable;
};

// Starts `entry`'s child, which opens the library at `path` with the host's checks. Refused with
// the child's reason (or how it ended) when it cannot.
Expected<std::unique_ptr<plugins::PluginCode>> open_isolated_plugin(
    const config::PluginEntry& entry, const std::string& path, const IsolationOptions& options);

}  // namespace berth::isolation
