#pragma once
// The host's log: one JSON object per line on stdout (or `text` for people at a terminal).
// Thread-safe; each thread's lines are buffered for a background thread (LineWriter) so request
// threads never wait on stdout: while stdout is blocked, lines are dropped, and a warning says how
// many once it drains.
#include <berth/log.h>

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::log {

enum class Format { json, text };

void init(LogLevel level, Format format);
void set_level(LogLevel level);
bool enabled(LogLevel level) noexcept;
// `fields` must be an object; its keys are merged after time, level and msg.
void write(LogLevel level, std::string_view message,
           const nlohmann::json& fields = nlohmann::json::object()) noexcept;
// True when lines are JSON: callers that format their own line (the request log) check it.
bool json_format() noexcept;
// A JSON line formatted by the caller (without its newline), copied out as is when `level` is
// enabled; the ring (/_berth/logs) gets `message`, `plugin` and the line's fields, the object's
// members from `fields_at` on, and `time`, the one in the line.
void write_line(std::chrono::system_clock::time_point time, LogLevel level, std::string_view line,
                std::string_view message, std::size_t fields_at, std::string_view plugin) noexcept;
// The same for a request record (request_line.h), formatted when it is written out and when the
// ring is read.
void write_record(std::chrono::system_clock::time_point time, LogLevel level,
                  std::string_view message, std::string_view plugin,
                  std::string_view record) noexcept;
// Writes out whatever is buffered and stops the writer thread: the last call before exit.
void shutdown() noexcept;

// Lines logged since the start, by level (debug, info, warn, error), and those of them dropped
// because stdout was blocked. For /_berth/metrics.
struct LineCounts {
  std::array<std::uint64_t, 4> logged{};
  std::uint64_t dropped = 0;
};
LineCounts line_counts() noexcept;

std::optional<LogLevel> parse_level(std::string_view name) noexcept;
std::string_view to_string(LogLevel level) noexcept;

inline void debug(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) noexcept {
  if (enabled(LogLevel::debug)) write(LogLevel::debug, m, f);
}
inline void info(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) noexcept {
  write(LogLevel::info, m, f);
}
inline void warn(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) noexcept {
  write(LogLevel::warn, m, f);
}
inline void error(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) noexcept {
  write(LogLevel::error, m, f);
}

}  // namespace berth::log
