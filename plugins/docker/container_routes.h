#pragma once
// GET /containers, /containers/:id, /containers/:id/logs; POST /containers/:id/restart and /stop
// (jobs: 202 with the job's id and Location).
#include "engine_link.h"

#include <berth/context.h>

#include <memory>

namespace docker_plugin {

void add_container_routes(berth::PluginContext& context, std::shared_ptr<EngineLink> link);

}  // namespace docker_plugin
