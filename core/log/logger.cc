#include "log/logger.h"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace berth::log {
namespace {

constexpr std::size_t kQueueSlots = 512;

std::atomic<LogLevel> g_level{LogLevel::info};
std::atomic<Format> g_format{Format::json};
std::once_flag g_once;
std::shared_ptr<spdlog::logger> g_sink;

spdlog::logger& sink() {
  std::call_once(g_once, [] {
    // Block rather than drop when the queue is full: a lost log line is a lost fact. spdlog builds
    // every slot up front (~400 bytes each, all touched): 8192 slots were 3.3 MB of resident
    // memory and their construction a visible part of start-up. The writer thread drains far
    // faster than requests come in, so a short queue only ever fills in a burst.
    spdlog::init_thread_pool(kQueueSlots, 1);
    g_sink = spdlog::create_async<spdlog::sinks::stdout_sink_mt>("berth");
    g_sink->set_pattern("%v");
    g_sink->set_level(spdlog::level::trace);
    g_sink->flush_on(spdlog::level::trace);
  });
  return *g_sink;
}

std::string now_rfc3339() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = time_point_cast<seconds>(now);
  auto ms = duration_cast<milliseconds>(now - secs).count();
  std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms));
  return buf;
}

std::string json_line(LogLevel level, std::string_view message, const nlohmann::json& fields) {
  std::string line = R"({"time":")" + now_rfc3339() + R"(","level":")";
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
  std::string line = now_rfc3339() + ' ' + std::string(to_string(level)) + ' ';
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

}  // namespace

void init(LogLevel level, Format format) {
  g_level = level;
  g_format = format;
  sink();
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
    sink().log(spdlog::level::info, line);
  } catch (...) {
    // Logging must never take a request down; a line that cannot be formatted is dropped.
  }
}

void shutdown() noexcept {
  try {
    spdlog::shutdown();
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
