#include "log/logger.h"

#include "log/line_writer.h"
#include "log/log_ring.h"
#include "log/request_line.h"
#include "log/utc_time.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>

namespace berth::log {
namespace {

// What each logging thread may have waiting for stdout: about a thousand request lines, far more
// than gather between two writes, so only a blocked stdout (or a burst it cannot take) fills it.
// Beyond it, lines are dropped and counted (LineWriter).
constexpr std::size_t kThreadBufferBytes = 512 * 1024;

std::atomic<LogLevel> g_level{LogLevel::info};
std::atomic<Format> g_format{Format::json};
std::array<std::atomic<std::uint64_t>, 4> g_logged{};

void count(LogLevel level) noexcept {
  g_logged[static_cast<std::size_t>(level)].fetch_add(1, std::memory_order_relaxed);
}

std::string json_line(LogLevel level, std::string_view message, const nlohmann::json& fields) {
  std::string line =
      R"({"time":")" + utc_timestamp(std::chrono::system_clock::now()) + R"(","level":")";
  line += to_string(level);
  line += R"(","msg":)";
  line += nlohmann::json(message).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      line += ',';
      line += nlohmann::json(key).dump();
      line += ':';
      line += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  line += '}';
  return line;
}

std::string text_line(LogLevel level, std::string_view message, const nlohmann::json& fields) {
  std::string line =
      utc_timestamp(std::chrono::system_clock::now()) + ' ' + std::string(to_string(level)) + ' ';
  line += message;
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      line += ' ' + key + '=';
      line += value.is_string()
                  ? value.get<std::string>()
                  : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  return line;
}

LineWriter& writer() {
  // Never destroyed: threads that outlive main may still log. Buffered lines are written at exit.
  static LineWriter* const instance = [] {
    auto* w = new LineWriter(
        STDOUT_FILENO, kThreadBufferBytes,
        [](std::uint64_t dropped) {
          const nlohmann::json fields = {{"dropped", dropped}};
          constexpr std::string_view kNotice = "dropped log lines while stdout was blocked";
          return g_format == Format::json ? json_line(LogLevel::warn, kNotice, fields)
                                          : text_line(LogLevel::warn, kNotice, fields);
        },
        [](std::string_view record, std::string& out) { append_request_line(record, out); });
    std::atexit([] { shutdown(); });
    return w;
  }();
  return *instance;
}

}  // namespace

void init(LogLevel level, Format format) {
  g_level = level;
  g_format = format;
  writer();
}

void set_level(LogLevel level) {
  g_level = level;
}

bool enabled(LogLevel level) noexcept {
  return level >= g_level.load(std::memory_order_relaxed);
}

void write(LogLevel level, std::string_view message, const nlohmann::json& fields) noexcept {
  if (!enabled(level)) return;
  try {
    std::string line = g_format == Format::json ? json_line(level, message, fields)
                                                : text_line(level, message, fields);
    writer().push(line);
    count(level);
    ring().append(level, message, fields);  // for GET /_berth/logs
  } catch (...) {
    // Logging must never take a request down; a line that cannot be formatted is dropped.
  }
}

bool json_format() noexcept {
  return g_format.load(std::memory_order_relaxed) == Format::json;
}

void write_line(std::chrono::system_clock::time_point time, LogLevel level, std::string_view line,
                std::string_view message, std::size_t fields_at, std::string_view plugin) noexcept {
  if (!enabled(level)) return;
  try {
    if (fields_at < line.size())
      ring().append_formatted(time, level, message, plugin, line.substr(fields_at));
    writer().push(line);
    count(level);
  } catch (...) {
  }
}

void write_record(std::chrono::system_clock::time_point time, LogLevel level,
                  std::string_view message, std::string_view plugin,
                  std::string_view record) noexcept {
  if (!enabled(level)) return;
  try {
    ring().append_record(time, level, message, plugin, record);
    writer().push_record(record);
    count(level);
  } catch (...) {
  }
}

LineCounts line_counts() noexcept {
  LineCounts c;
  for (std::size_t i = 0; i < c.logged.size(); ++i)
    c.logged[i] = g_logged[i].load(std::memory_order_relaxed);
  try {
    c.dropped = writer().dropped_total();
  } catch (...) {
  }
  return c;
}

void shutdown() noexcept {
  try {
    writer().stop();
  } catch (...) {
  }
}

std::optional<LogLevel> parse_level(std::string_view name) noexcept {
  for (LogLevel l : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error})
    if (to_string(l) == name) return l;
  return std::nullopt;
}

std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}

}  // namespace berth::log
