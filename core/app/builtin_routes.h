#pragma once
// The host's own routes under /_berth: liveness, readiness, loaded plugins, version.
#include "plugins/plugin_manager.h"
#include "routing/route_table.h"

#include <atomic>

namespace berth::app {

struct HostState {
  std::atomic<bool> ready{false};    // /_berth/ready answers 200
  std::atomic<bool> started{false};  // every plugin was tried (stays true while stopping)
};

void add_builtin_routes(routing::RouteTable& table, const HostState& state,
                        const plugins::PluginManager& plugins);

}  // namespace berth::app
