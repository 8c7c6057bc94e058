#pragma once
// The HTTP/1.1 server on the extension's Unix socket (and an optional TCP listener).
//
// I/O runs on Pistache's Aio::Reactor with Tcp::Transport, fed by our own accept loops (Pistache
// 0.0.5 has no AF_UNIX listener). Requests are parsed with Debian's http-parser, not Pistache's
// Http layer, whose keep-alive, pipelining, timeout and malformed-input faults live in private
// code we cannot fix from outside.
#include "http/application.h"
#include "http/server_options.h"
#include "http/start_error.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace berth::http {

struct ServerStats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_open = 0;
  std::uint64_t requests = 0;
  std::uint64_t requests_in_flight = 0;
  std::uint64_t keepalive_requests = 0;  // requests on a connection that had carried one before
  // Requests the server answered itself, by status (400, 408, 413, 431, 501, 503, 505); only
  // statuses that occurred.
  std::vector<std::pair<int, std::uint64_t>> rejected;
};

class Server {
 public:
  Server(ServerOptions options, Application& app);
  ~Server();  // stops if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving. Throws StartError: socket path too long, a live server already
  // answers on it, bind/listen failed (with errno text).
  void start();
  // Stops accepting: closes the listeners and unlinks the socket file. Requests in flight finish;
  // their responses, and any later ones on open connections, carry `Connection: close`.
  void stop_accepting();
  // Waits until no request is in flight, or the deadline passes. True when idle.
  bool wait_idle(std::chrono::milliseconds deadline);
  // Closes every connection and joins all threads. Idempotent.
  void stop();

  int tcp_port() const;  // the bound port, after start()
  ServerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace berth::http
