#pragma once
// What every route, job and service of the plugin shares: the engine client, the settings, and
// whether the engine was reachable when last tried (the event follower keeps trying).
#include "settings.h"

#include <berth/docker/engine_client.h>
#include <berth/log.h>
#include <berth/response.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace docker_plugin {

class EngineLink {
 public:
  EngineLink(Settings settings, berth::Logger& log);

  berth::docker::EngineClient& client() noexcept { return client_; }
  const Settings& settings() const noexcept { return settings_; }
  berth::Logger& log() noexcept { return log_; }

  // The follower's view; a change is logged once, not on every retry.
  void mark_up(const std::string& api_version);
  void mark_down(const std::string& reason);
  // {"reachable", "socket", "api_version", "last_error", "since"}
  nlohmann::json status() const;

 private:
  const Settings settings_;
  berth::docker::EngineClient client_;
  berth::Logger& log_;
  mutable std::mutex mu_;
  std::optional<bool> reachable_;  // unknown until first tried
  std::string api_version_;
  std::string last_error_;
  std::string since_;  // when reachable_ last changed (RFC 3339)
};

// The route's answer for an engine failure: the engine's status and message for its own errors,
// 503 with Retry-After while it is unreachable, 504 on a timeout, 502 on a bad answer.
berth::Response engine_error_response(const berth::docker::EngineError& error,
                                      const EngineLink& link);

// Runs `fn` (returning a Response or JSON) and turns an EngineError into its answer; other
// exceptions (HttpError for bad input) go on to the SDK's handler wrapper.
template <class F>
berth::Response answer(const EngineLink& link, F&& fn) {
  try {
    if constexpr (std::is_convertible_v<decltype(fn()), berth::Response>) {
      return fn();
    } else {
      return berth::Response::json(fn());
    }
  } catch (const berth::docker::EngineError& e) {
    return engine_error_response(e, link);
  }
}

// Now as RFC 3339 UTC with seconds ("2026-11-27T21:30:00Z").
std::string utc_now();

}  // namespace docker_plugin
