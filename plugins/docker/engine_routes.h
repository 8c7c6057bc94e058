#pragma once
// GET /info: the engine's versions and container and image counts. GET /status: whether the
// engine is reachable and the event follower follows (200 even while the engine is away).
#include "engine_link.h"
#include "event_follower.h"

#include <berth/routes.h>

#include <memory>

namespace docker_plugin {

// /version + /info -> the plugin's /info answer.
nlohmann::json engine_info(const nlohmann::json& version, const nlohmann::json& info,
                           const std::string& negotiated_api);

void add_engine_routes(berth::Routes& routes, std::shared_ptr<EngineLink> link,
                       std::shared_ptr<EventFollower> follower);

}  // namespace docker_plugin
