#pragma once
// State shared by the accept loop, the I/O threads, the workers and the sweeper.
#include "http/application.h"
#include "http/connection_registry.h"
#include "http/request_id.h"
#include "http/request_parser.h"
#include "http/request_workers.h"
#include "http/server_options.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace berth::http {

struct ServerCounters {
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> open{0};
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> reused{0};     // requests on a connection that had carried one
  std::atomic<std::uint64_t> in_flight{0};  // dispatched, response not yet written
  // Answered by the server itself (malformed, timed out, too large, busy), by status - 400.
  std::array<std::atomic<std::uint64_t>, 200> rejected{};
};

struct ServerContext {
  ServerContext(const ServerOptions& options, Application& app);

  const ServerOptions& options;
  Application& app;
  const ParseLimits limits;
  // How long a closing connection waits for the client's FIN after ours, so an error response
  // is read before the socket goes (closing with unread input makes TCP send a reset).
  const std::chrono::milliseconds linger;
  RequestIds ids;
  RequestWorkers workers;
  ConnectionRegistry connections;
  ServerCounters counters;
  std::atomic<bool> draining{false};
  // A large response was written or dropped: the sweeper hands freed heap back to the system.
  std::atomic<bool> release_memory{false};
};

}  // namespace berth::http
