#include "settings.h"

#include <cmath>
#include <set>
#include <stdexcept>

namespace docker_plugin {
namespace {

[[noreturn]] void bad(std::string_view key, const std::string& what) {
  throw std::invalid_argument(std::string(key) + ": " + what);
}

int positive_int(const nlohmann::json& value, std::string_view key, int max) {
  if (!value.is_number_integer()) bad(key, "must be an integer");
  auto n = value.get<long long>();
  if (n < 1 || n > max) bad(key, "must be 1 to " + std::to_string(max));
  return static_cast<int>(n);
}

}  // namespace

std::chrono::milliseconds parse_duration(const nlohmann::json& value, std::string_view key) {
  double ms = 0;
  if (value.is_number()) {
    ms = value.get<double>() * 1000;
  } else if (value.is_string()) {
    const std::string text = value;
    std::size_t end = 0;
    double number = 0;
    try {
      number = std::stod(text, &end);
    } catch (const std::exception&) {
      bad(key, "'" + text + "' is not a duration (e.g. 500ms, 2s, 1m)");
    }
    const std::string unit = text.substr(end);
    if (unit == "ms")
      ms = number;
    else if (unit == "s" || unit.empty())
      ms = number * 1000;
    else if (unit == "m")
      ms = number * 60'000;
    else
      bad(key, "'" + text + "' is not a duration (e.g. 500ms, 2s, 1m)");
  } else {
    bad(key, "must be a duration (seconds, or a string like 500ms, 2s, 1m)");
  }
  if (!std::isfinite(ms) || ms < 1 || ms > 86'400'000) bad(key, "must be 1ms to 24h");
  return std::chrono::milliseconds(static_cast<long long>(ms));
}

Settings parse_settings(const nlohmann::json& config) {
  Settings s;
  if (config.is_null()) return s;
  if (!config.is_object()) throw std::invalid_argument("config: expected a map");
  static const std::set<std::string> kKeys = {
      "socket",          "connect_timeout", "request_timeout", "retry_interval",
      "events_max_rows", "logs_max_tail",   "stop_timeout",    "volume_sizes_timeout"};
  for (const auto& [key, value] : config.items()) {
    if (!kKeys.count(key))
      bad(key,
          "unknown key (expected socket, connect_timeout, request_timeout, retry_interval, "
          "volume_sizes_timeout, events_max_rows, logs_max_tail, stop_timeout)");
    if (value.is_null()) continue;
    if (key == "socket") {
      if (!value.is_string() || value.get<std::string>().empty()) bad(key, "must be a path");
      std::string path = value;
      if (path.rfind("unix://", 0) == 0) path.erase(0, 7);
      if (path.empty() || path[0] != '/') bad(key, "must be an absolute path or unix:///path");
      s.socket = path;
    } else if (key == "connect_timeout") {
      s.connect_timeout = parse_duration(value, key);
    } else if (key == "request_timeout") {
      s.request_timeout = parse_duration(value, key);
    } else if (key == "retry_interval") {
      s.retry_interval = parse_duration(value, key);
    } else if (key == "volume_sizes_timeout") {
      s.volume_sizes_timeout = parse_duration(value, key);
    } else if (key == "events_max_rows") {
      s.events_max_rows = positive_int(value, key, 10'000'000);
    } else if (key == "logs_max_tail") {
      s.logs_max_tail = positive_int(value, key, 1'000'000);
    } else if (key == "stop_timeout") {
      s.stop_timeout_seconds = positive_int(value, key, 3600);
    }
  }
  return s;
}

}  // namespace docker_plugin
