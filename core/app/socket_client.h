#pragma once
// The commands that talk to a running berth (health, logs, job follow) speak HTTP on its Unix
// socket themselves, so that the runtime image needs no curl; `berth dev` forwards its page's
// requests the same way, to the backend socket and to a UI dev server on TCP. One request per
// connection (Connection: close): a long poll holds its connection anyway.
#include "base/expected.h"

#include <berth/headers.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace berth::app {

struct SocketAnswer {
  int status = 0;    // 0: the answer was not HTTP; `body` holds what came
  std::string body;  // a chunked body arrives decoded
  Headers headers;
};

struct SocketRequest {
  std::string method = "GET";
  std::string target;  // "/_berth/ready"
  // Sent after Host, User-Agent and Connection; Content-Length is added when there is a body.
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{3000};  // connect, send and answer together
  std::size_t max_bytes = 64 * 1024;
  std::string user_agent = "berth-cli";
  // Checked while waiting (e.g. stdout): when it reports an error or hang-up, the request is
  // abandoned with the error "output closed", so a follower whose reader left ends at once.
  int watch_fd = -1;
};

// The answer, or one line saying which step failed ("cannot connect: ...", "no answer in time").
Expected<SocketAnswer> socket_request(const std::string& socket_path, const SocketRequest& request);
// The same over TCP to `host` (a numeric address or a name) and `port`.
Expected<SocketAnswer> tcp_request(const std::string& host, int port, const SocketRequest& request);

// The text after "output closed" errors are recognised by.
inline constexpr const char* kOutputClosed = "output closed";

// The body's "message" when it is berth's JSON error, else the body itself, shortened.
std::string body_summary(const std::string& body);

// The socket of the config at `config_path`, else $BERTH_CONFIG's, /etc/berth/berth.yaml's or the
// built-in default. Throws config::ConfigError.
std::string socket_from_config(const std::string& config_path);

}  // namespace berth::app
