#include "app/unrouted.h"

namespace berth::app {
namespace {

constexpr const char* kRetryAfterSeconds = "1";

Response unavailable(std::string message, bool retry) {
  Response r = Response::error_json(503, std::move(message));
  if (retry) r.headers.set("Retry-After", kRetryAfterSeconds);
  return r;
}

}  // namespace

Response isolated_plugin_unavailable(const Request& request, const std::string& message) {
  Response r = Response::error_json(503, message, {{"request_id", request.request_id}});
  r.headers.set("Retry-After", kRetryAfterSeconds);
  return r;
}

std::optional<Response> unrouted_answer(const Request& request, const HostState& state,
                                        const plugins::PluginManager& plugins) {
  const bool started = state.started.load();
  auto owner = plugins.owner_of(request.path);
  if (owner && owner->state != plugins::PluginState::running) {
    const std::string plugin = "plugin '" + owner->name + "' is not running: ";
    switch (owner->state) {
      case plugins::PluginState::failed: return unavailable(plugin + owner->error, false);
      case plugins::PluginState::disabled:
        return unavailable(plugin + "it is disabled in the config", false);
      case plugins::PluginState::stopped: return unavailable(plugin + "it was stopped", false);
      case plugins::PluginState::starting: return unavailable(plugin + "it is starting", true);
      case plugins::PluginState::running: break;
    }
  }
  if (!started) return unavailable("berth is starting: retry shortly", true);
  return std::nullopt;
}

}  // namespace berth::app
