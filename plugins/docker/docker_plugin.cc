// Entry point: wiring only. The engine client is the SDK's (berth/docker/engine_client.h); the
// routes, jobs, event follower and stores live in their own files.
#include "config_schema.h"
#include "container_jobs.h"
#include "container_routes.h"
#include "engine_link.h"
#include "engine_routes.h"
#include "event_follower.h"
#include "event_routes.h"
#include "event_store.h"
#include "migrations.h"
#include "settings.h"
#include "volumes.h"

#include <berth/plugin.h>

#include <memory>

namespace {

void register_docker(berth::PluginContext& context) {
  // Nothing here talks to the engine: an absent engine must not slow or fail the host's start.
  auto link = std::make_shared<docker_plugin::EngineLink>(
      docker_plugin::parse_settings(context.config()), context.log());
  context.storage().migrate(docker_plugin::migrations());

  auto store = std::make_shared<docker_plugin::EventStore>(context.storage(),
                                                           link->settings().events_max_rows);
  auto follower = std::make_shared<docker_plugin::EventFollower>(link, store);
  auto sizes = std::make_shared<docker_plugin::VolumeSizes>(link, context.storage());

  docker_plugin::add_engine_routes(context.routes(), link, follower);
  docker_plugin::add_container_routes(context, link);
  docker_plugin::add_event_routes(context.routes(), store, follower, link->settings());
  docker_plugin::add_volume_routes(context, link, sizes);
  docker_plugin::add_container_jobs(context.tasks(), link);
  context.tasks().service("events", [follower](std::stop_token stop) { follower->run(stop); });
}

}  // namespace

BERTH_PLUGIN(register_docker, .name = "docker", .version = "1.0.0",
             .description =
                 "Docker Engine: containers, logs, restart/stop jobs, volume sizes, "
                 "a record of container events",
             .config_schema = docker_plugin::kConfigSchema)
