#include "config/values.h"
#include "config/quote.h"

#include "config/core_schema.h"
#include "config/suggest.h"
#include "config/units.h"

#include <algorithm>
#include <array>
#include <utility>

namespace berth::config {
namespace {

// Both branches of a parser's lambda must name the same type: ok() and fail<T>() do.
template <class T>
Expected<T> ok(T value) {
  return value;
}

template <class T>
Expected<T> fail(std::string message) {
  return unexpected(std::move(message));
}

std::string got(const std::string& expected, std::string_view text) {
  return "expected " + expected + ", got " + quote(text);
}

// A fixed set of words; a near miss gets a suggestion.
template <class T, std::size_t N>
Kind<T> one_of(std::array<std::pair<std::string_view, T>, N> choices) {
  std::array<std::string_view, N> words;
  for (std::size_t i = 0; i < N; ++i) words[i] = choices[i].first;
  std::string expected = std::string(words[0]);
  for (std::size_t i = 1; i < N; ++i) {
    expected += (i + 1 == N ? " or " : ", ") + std::string(words[i]);
  }
  return {expected, [=](std::string_view text) {
            for (const auto& [word, value] : choices) {
              if (text == word) return ok(value);
            }
            std::string message = got(expected, text);
            if (auto near = closest_match(text, words))
              message += "; did you mean '" + *near + "'?";
            return fail<T>(std::move(message));
          }};
}

bool is_plugin_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::optional<std::uint32_t> parse_mode_digits(std::string_view text) {
  int base = 8;
  if (text.starts_with("0o")) {
    text.remove_prefix(2);
  } else if (text.starts_with("0x")) {
    text.remove_prefix(2);
    base = 16;
  }
  if (text.empty() || text.size() > 8) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : text) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (base == 16 && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0 || digit >= base) return std::nullopt;
    value = value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(digit);
  }
  return value;
}

// Splits "host:port" / "[v6]:port"; nullopt when the shape is wrong.
std::optional<std::pair<std::string, std::string>> split_host_port(std::string_view text) {
  std::string_view host;
  std::string_view rest;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    rest = text.substr(close + 1);
  } else {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    rest = text.substr(colon);
  }
  if (host.empty() || !rest.starts_with(':')) return std::nullopt;
  return std::pair{std::string(host), std::string(rest.substr(1))};
}

Expected<std::string> parse_mount(std::string_view text) {
  if (!text.starts_with('/')) return fail<std::string>("must start with '/', got " + quote(text));
  if (text == "/") return ok(std::string(text));
  if (text.find("//") != std::string_view::npos)
    return fail<std::string>("must not contain '//', got " + quote(text));
  if (text.ends_with('/')) {
    return fail<std::string>("must not end with '/' (only the root mount '/' does), got " +
                             quote(text));
  }
  if (text.find("/:") != std::string_view::npos) {
    return fail<std::string>(
        "must not contain a ':parameter' segment (a mount is a fixed prefix), got " + quote(text));
  }
  return ok(std::string(text));
}

}  // namespace

Kind<int> integer_in(int min, int max) {
  std::string expected = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  return {expected, [=](std::string_view text) {
            const auto value = core_int(text);
            if (!value || *value < min || *value > max) return fail<int>(got(expected, text));
            return ok(static_cast<int>(*value));
          }};
}

Kind<bool> boolean() {
  std::string expected = "true or false";
  return {expected, [=](std::string_view text) {
            const auto value = core_bool(text);
            return value ? ok(*value) : fail<bool>(got(expected, text));
          }};
}

Kind<std::string> non_empty_string() {
  std::string expected = "a non-empty string";
  return {expected, [=](std::string_view text) {
            return text.empty() ? fail<std::string>(got(expected, text)) : ok(std::string(text));
          }};
}

Kind<std::string> socket_path() {
  std::string expected = "a socket path";
  return {expected, [=](std::string_view text) {
            if (text.empty()) return fail<std::string>(got(expected, text));
            if (text.size() >= kSunPathSize) {
              return fail<std::string>("socket path " + quote(text) + " is " +
                                       std::to_string(text.size()) +
                                       " bytes; a Unix socket path must be shorter than " +
                                       std::to_string(kSunPathSize) + " bytes (sun_path limit)");
            }
            return ok(std::string(text));
          }};
}

Kind<std::uint32_t> file_mode() {
  std::string expected = "an octal file mode from 0 to 0777 such as \"0660\"";
  return {expected, [=](std::string_view text) {
            const auto mode = parse_mode_digits(text);
            if (!mode || *mode > 0777) return fail<std::uint32_t>(got(expected, text));
            return ok(*mode);
          }};
}

Kind<int> port() {
  return integer_in(0, 65535);
}

Kind<std::optional<TcpListenerConfig>> tcp_address() {
  using Result = std::optional<TcpListenerConfig>;
  std::string expected = "'host:port', or false, null or \"\" to disable";
  return {expected, [=](std::string_view text) {
            if (is_core_null(text) || core_bool(text) == false) return ok(Result());
            const auto parts = split_host_port(text);
            if (!parts) return fail<Result>(got(expected, text));
            const Expected<int> number = port().parse(parts->second);
            if (!number) {
              return fail<Result>("expected a port from 0 to 65535 in " + quote(text) + ", got " +
                                  quote(parts->second));
            }
            return ok(Result(TcpListenerConfig{parts->first, *number}));
          }};
}

namespace {

// A duration above 0 and at most `max`; `what` names it in the message ("a timeout").
Kind<std::chrono::milliseconds> bounded_duration(std::string expected, const char* what,
                                                 std::chrono::milliseconds max) {
  using std::chrono::milliseconds;
  return {expected, [=](std::string_view text) {
            const auto value = parse_duration(text);
            if (!value) return fail<milliseconds>(value.error());
            if (value->count() == 0) return fail<milliseconds>(got("a duration above 0", text));
            if (*value > max) {
              return fail<milliseconds>(std::string(what) + " must be at most " +
                                        format_duration(max) + ", got " + quote(text));
            }
            return ok(*value);
          }};
}

}  // namespace

Kind<std::chrono::milliseconds> timeout() {
  return bounded_duration("a duration such as 250ms, 10s, 2m or 1h", "a timeout", kMaxTimeout);
}

Kind<std::chrono::milliseconds> age() {
  return bounded_duration("a duration such as 30m, 24h or 168h", "an age", kMaxAge);
}

Kind<std::size_t> byte_size() {
  std::string expected = "a size such as 4096, 64KiB or 1MiB";
  return {expected, [=](std::string_view text) {
            const auto value = parse_size(text);
            if (!value) return fail<std::size_t>(value.error());
            if (*value == 0) return fail<std::size_t>(got("a size above 0", text));
            return ok(*value);
          }};
}

Kind<LogLevel> log_level() {
  return one_of<LogLevel, 4>({{{"debug", LogLevel::debug},
                               {"info", LogLevel::info},
                               {"warn", LogLevel::warn},
                               {"error", LogLevel::error}}});
}

Kind<bool> log_format_is_json() {
  return one_of<bool, 2>({{{"json", true}, {"text", false}}});
}

Kind<RequestLogMode> request_log_mode() {
  return one_of<RequestLogMode, 3>({{{"all", RequestLogMode::all},
                                     {"errors", RequestLogMode::errors},
                                     {"off", RequestLogMode::off}}});
}

Kind<IsolationMode> isolation_mode() {
  return one_of<IsolationMode, 2>(
      {{{"in-process", IsolationMode::in_process}, {"process", IsolationMode::process}}});
}

Kind<std::string> plugin_name() {
  std::string expected =
      "a plugin name of 1 to 63 lowercase letters, digits, '_' or '-', starting with a letter or "
      "digit";
  return {expected, [=](std::string_view text) {
            const bool good = !text.empty() && text.size() <= 63 && text[0] != '_' &&
                              text[0] != '-' &&
                              std::all_of(text.begin(), text.end(), is_plugin_name_char);
            return good ? ok(std::string(text)) : fail<std::string>(got(expected, text));
          }};
}

Kind<std::string> mount_path() {
  std::string expected = "a mount path such as \"/\" or \"/notes\"";
  return {expected, parse_mount};
}

}  // namespace berth::config
