#pragma once
// The kinds of value the config accepts, as text parsers shared by the YAML file and BERTH_*
// variables so both give the same messages.
#include "base/expected.h"
#include "config/host_config.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace berth::config {

template <class T>
struct Kind {
  std::string expected;  // "an integer from 1 to 64", for "expected ..., got a map"
  // A failure is a whole message, e.g. "expected an integer from 1 to 64, got 'many'".
  std::function<Expected<T>(std::string_view)> parse;
};

// Timeouts above this are almost certainly a unit slip, and far larger ones would overflow
// clock arithmetic (steady_clock::now() + timeout) in the server.
inline constexpr std::chrono::hours kMaxTimeout{24};

// How long anything may be kept: far beyond any sensible retention, well within clock arithmetic.
inline constexpr std::chrono::hours kMaxAge{10 * 365 * 24};

// The Unix socket path limit: sizeof(sockaddr_un::sun_path) including the terminating NUL.
inline constexpr std::size_t kSunPathSize = 108;

Kind<int> integer_in(int min, int max);
Kind<bool> boolean();                  // true/false (True, TRUE, ...)
Kind<std::string> non_empty_string();  // any text but ""
Kind<std::string> socket_path();       // non-empty, shorter than kSunPathSize bytes
Kind<std::uint32_t> file_mode();       // octal as chmod takes it: "0660", "660", 0o660; <= 0777
// "host:port" or "[v6]:port"; "", "false" and "null" disable (an empty optional).
Kind<std::optional<TcpListenerConfig>> tcp_address();
Kind<int> port();                           // 0..65535
Kind<std::chrono::milliseconds> timeout();  // a duration, > 0 and <= kMaxTimeout
Kind<std::chrono::milliseconds> age();      // a duration, > 0 and <= kMaxAge
Kind<std::size_t> byte_size();              // a size, > 0
Kind<LogLevel> log_level();                 // debug|info|warn|error
Kind<bool> log_format_is_json();            // json|text
Kind<RequestLogMode> request_log_mode();    // all|errors|off
Kind<IsolationMode> isolation_mode();       // in-process|process
Kind<std::string> plugin_name();            // [a-z0-9][a-z0-9_-]{0,62}
Kind<std::string> mount_path();             // "/", "/a/b"; no "//", trailing "/" or ":param"

}  // namespace berth::config
