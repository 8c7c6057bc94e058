#pragma once
// The child's side: `berth plugin-child` serves one plugin over the socket at `fd`. It opens the
// library with the host's checks (plugins::PluginInstance, one code path), registers, activates,
// runs requests on a pool of handler threads and applies configs as the host asks, and exits
// after `stop` or when the host is gone.
#include "isolation/child_messages.h"
#include "plugins/host_services.h"

#include <functional>
#include <memory>

namespace berth::isolation {

// The host's services for a plugin of `start` (its database under start.data_dir).
using StorageServices = std::function<std::unique_ptr<plugins::HostServices>(const ChildStart&)>;

// The process's exit code.
int serve_plugin_child(int fd, const StorageServices& storage);

}  // namespace berth::isolation
