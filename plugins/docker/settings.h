#pragma once
// The docker plugin's config section (berth.yaml `plugins: - name: docker, config: {...}`).
// Durations are seconds (a number) or a string with a unit: "500ms", "2s", "5m".
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace docker_plugin {

struct Settings {
  std::string socket = "/var/run/docker.sock";  // also accepts DOCKER_HOST's unix:///path form
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds request_timeout{30000};
  std::chrono::milliseconds retry_interval{2000};  // reconnect attempts while the engine is gone
  std::chrono::milliseconds volume_sizes_timeout{600000};  // /system/df walks every volume
  int events_max_rows = 10000;  // the event record keeps the newest this many
  int logs_max_tail = 10000;
  int stop_timeout_seconds = 10;  // a container's grace period before SIGKILL, unless asked
};

// Throws std::invalid_argument naming the key: unknown keys, wrong types, out-of-range values.
Settings parse_settings(const nlohmann::json& config);

// "2s" -> 2000 ms, 1.5 -> 1500 ms, "250ms", "1m". Throws std::invalid_argument.
std::chrono::milliseconds parse_duration(const nlohmann::json& value, std::string_view key);

}  // namespace docker_plugin
