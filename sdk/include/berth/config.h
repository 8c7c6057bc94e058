#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace berth {

// A plugin's own `config:` section from the host's YAML, as JSON (YAML scalars typed by the
// YAML 1.2 core schema). Read-only: the host owns it.
using Config = nlohmann::json;

// The value at `key`, or `fallback` when the key is absent or null. A present value of the wrong
// type throws nlohmann::json::type_error naming the type; a register function may let it escape,
// which fails the plugin's registration with that message.
template <class T>
T config_value(const Config& config, const std::string& key, T fallback) {
  if (!config.is_object()) return fallback;
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  return it->template get<T>();
}

}  // namespace berth
