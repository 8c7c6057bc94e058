#pragma once
// How the server listens and what it allows a client: the Server's settings, and the limits the
// connections below it enforce.
#include <berth/json_depth.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace berth::http {

struct ServerOptions {
  std::string socket_path;  // empty: no Unix listener
  std::uint32_t socket_mode = 0660;
  std::optional<std::string> tcp_host;  // set: also listen on TCP
  int tcp_port = 0;                     // 0 picks a free port
  int io_threads = 2;  // at most one per CPU the process may run on (sched_getaffinity)
  int worker_threads = 16;
  int backlog = 4096;
  std::size_t max_request_bytes = 1024 * 1024;
  std::size_t max_json_depth = kDefaultMaxJsonDepth;  // handed to each Request for json()
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
};

}  // namespace berth::http
