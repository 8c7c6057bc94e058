#include "engine_routes.h"

#include "docker_schemas.h"

#include <berth/http.h>

namespace docker_plugin {

nlohmann::json engine_info(const nlohmann::json& version, const nlohmann::json& info,
                           const std::string& negotiated_api) {
  return {{"engine_version", version.value("Version", "")},
          {"api_version", version.value("ApiVersion", "")},
          {"min_api_version", version.value("MinAPIVersion", "")},
          {"negotiated_api_version", negotiated_api},
          {"os", version.value("Os", "")},
          {"arch", version.value("Arch", "")},
          {"kernel_version", version.value("KernelVersion", "")},
          {"name", info.value("Name", "")},
          {"storage_driver", info.value("Driver", "")},
          {"containers",
           {{"total", info.value("Containers", 0)},
            {"running", info.value("ContainersRunning", 0)},
            {"paused", info.value("ContainersPaused", 0)},
            {"stopped", info.value("ContainersStopped", 0)}}},
          {"images", info.value("Images", 0)}};
}

void add_engine_routes(berth::Routes& routes, std::shared_ptr<EngineLink> link,
                       std::shared_ptr<EventFollower> follower) {
  auto info_answers = engine_errors(false);
  info_answers[200] = info_schema();
  routes.get("/info",
             [link](berth::Request&) {
               return answer(*link, [&] {
                 auto& engine = link->client();
                 auto version = engine.get("/version");
                 auto info = engine.get("/info");
                 return engine_info(version, info, engine.api_version().str());
               });
             },
             {.summary = "The engine's versions, and container and image counts",
              .name = "info",
              .responses = info_answers});
  routes.get("/status",
             [link, follower](berth::Request&) {
               return nlohmann::json{{"engine", link->status()}, {"events", follower->status()}};
             },
             {.summary = "Whether the engine is reachable and its events followed",
              .description = "200 even while the engine is away",
              .name = "status",
              .responses = {{200, status_schema()}}});
}

}  // namespace docker_plugin
