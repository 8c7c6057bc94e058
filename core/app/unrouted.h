#pragma once
// What a request that matches no route gets instead of a 404, when the host knows better: 503 for
// the mount of a configured plugin that is not running (with its error), and while the host is
// still starting, 503 with Retry-After (a frontend calls as soon as the socket answers). A path no
// configured plugin owns stays a 404.
#include "app/builtin_routes.h"
#include "plugins/plugin_manager.h"

#include <berth/request.h>
#include <berth/response.h>

#include <optional>

namespace berth::app {

// A request for a plugin of `isolation: process` whose child cannot answer it (crashed, being
// restarted, or failed): 503 with `message` and the request id.
Response isolated_plugin_unavailable(const Request& request, const std::string& message);

std::optional<Response> unrouted_answer(const Request& request, const HostState& state,
                                        const plugins::PluginManager& plugins);

}  // namespace berth::app
