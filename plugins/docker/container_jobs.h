#pragma once
// Restart and stop as jobs: they can take the container's whole stop grace period, so the route
// answers 202 at once and the UI polls /_berth/jobs/<id> for progress.
//   params: {"id": "<container id or name>", "timeout": <seconds before SIGKILL, optional>}
#include "engine_link.h"

#include <berth/tasks.h>

#include <memory>

namespace docker_plugin {

void add_container_jobs(berth::Tasks& tasks, std::shared_ptr<EngineLink> link);

}  // namespace docker_plugin
