#include "app/dev/engine_lists.h"

#include <berth/docker/engine_client.h>

namespace berth::app::dev {

Response engine_list(const std::string& engine_socket, std::string_view what,
                     const nlohmann::json& options) {
  std::string path = "/" + std::string(what) + "/json";
  char separator = '?';
  if (options.is_object()) {
    for (const auto& [name, value] : options.items()) {
      // The engine takes booleans as true/false and filters as JSON text, as the SDK passes them.
      std::string text = value.is_string() ? value.get<std::string>() : value.dump();
      path += separator + docker::escape(name) + "=" + docker::escape(text);
      separator = '&';
    }
  }
  try {
    docker::EngineClient engine({.socket = engine_socket});
    return Response::json({{"ok", true}, {"value", engine.get(path)}});
  } catch (const docker::EngineError& e) {
    return Response::json({{"ok", false},
                           {"error",
                            {{"statusCode", e.status()},
                             {"name", "DockerEngineError"},
                             {"message", engine_socket + ": " + e.what()}}}});
  }
}

}  // namespace berth::app::dev
