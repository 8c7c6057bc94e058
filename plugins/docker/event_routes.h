#pragma once
// GET /events?since=&after=&container=&limit=: what the follower recorded.
#include "event_follower.h"
#include "event_store.h"
#include "settings.h"

#include <berth/routes.h>

#include <memory>

namespace docker_plugin {

// Throws HttpError(400) naming the parameter.
EventQuery parse_event_query(const berth::Request& request);

void add_event_routes(berth::Routes& routes, std::shared_ptr<EventStore> store,
                      std::shared_ptr<EventFollower> follower, const Settings& settings);

}  // namespace docker_plugin
