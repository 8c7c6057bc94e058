#pragma once
#include <nlohmann/json.hpp>

#include <string_view>

namespace berth {

enum class LogLevel { debug, info, warn, error };

// A plugin's logger: every line it writes carries the plugin's name. Lines are JSON on stdout.
class Logger {
 public:
  virtual ~Logger() = default;
  virtual void write(LogLevel level, std::string_view message,
                     const nlohmann::json& fields) noexcept = 0;
  virtual bool enabled(LogLevel level) const noexcept = 0;

  void debug(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) noexcept {
    if (enabled(LogLevel::debug)) write(LogLevel::debug, m, f);
  }
  void info(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) noexcept {
    write(LogLevel::info, m, f);
  }
  void warn(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) noexcept {
    write(LogLevel::warn, m, f);
  }
  void error(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) noexcept {
    write(LogLevel::error, m, f);
  }
};

}  // namespace berth
