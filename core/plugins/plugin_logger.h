#pragma once
#include "log/logger.h"

#include <berth/log.h>

#include <string>

namespace berth::plugins {

// A plugin's logger: the host's log, every line tagged {"plugin": name}.
class PluginLogger final : public Logger {
 public:
  explicit PluginLogger(std::string plugin) : plugin_(std::move(plugin)) {}

  void write(LogLevel level, std::string_view message,
             const nlohmann::json& fields) noexcept override {
    try {
      nlohmann::json tagged = fields.is_object() ? fields : nlohmann::json::object();
      tagged["plugin"] = plugin_;
      log::write(level, message, tagged);
    } catch (...) {
    }
  }
  bool enabled(LogLevel level) const noexcept override { return log::enabled(level); }

 private:
  std::string plugin_;
};

}  // namespace berth::plugins
