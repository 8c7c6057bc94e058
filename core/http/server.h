#pragma once
// The HTTP/1.1 server on the extension's Unix socket (and an optional TCP listener).
//
// I/O runs on Pistache's Aio::Reactor with Tcp::Transport, fed by our own accept loops (Pistache
// 0.0.5 has no AF_UNIX listener). Requests are parsed with Debian's http-parser, not Pistache's
// Http layer, whose keep-alive, pipelining, timeout and malformed-input faults live in private
// code we cannot fix from outside.
#include <berth/request.h>
#include <berth/response.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
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

// Completes a deferred request, once, from any thread. Harmless after the client has gone.
using Responder = std::function<void(Response)>;

// Lets a handler answer later without holding a thread (long polls). Whoever take()s the
// responder must call it exactly once; the Response that handle() returned is then ignored.
class Deferral {
 public:
  explicit Deferral(std::function<Responder()> make) : make_(std::move(make)) {}
  Responder take() {
    taken_ = true;
    return make_();
  }
  bool taken() const noexcept { return taken_; }

 private:
  std::function<Responder()> make_;
  bool taken_ = false;
};

// What the application decided about a request before running it: where it runs, and what its
// lookup found. Handed back to handle(), so a request's route is looked up once, not once to
// choose the thread and again to run it.
struct Prepared {
  bool runs_inline = false;           // may run on the I/O thread that parsed it (non-blocking)
  std::shared_ptr<const void> route;  // the application's own (the router's matched route)
};

// What the server serves. Implemented by the router.
class Application {
 public:
  virtual ~Application() = default;
  // On the I/O thread, once per request, before handle(). May fill in the request (path
  // parameters). Never throws.
  virtual Prepared prepare(Request& request) noexcept = 0;
  // Runs on a worker thread, or on the I/O thread when prepare() said so. Never throws.
  virtual Response handle(Request& request, const Prepared& prepared, Deferral& later) noexcept = 0;
  // A request the server answered itself (400 malformed, 408, 413, 431, 503 while draining),
  // for the request log. `request` holds what was parsed before the failure.
  virtual void rejected(const Request& request, const Response& response) noexcept = 0;
};

// A clear, one-line reason the server could not start.
class StartError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ServerStats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_open = 0;
  std::uint64_t requests = 0;
  std::uint64_t requests_in_flight = 0;
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
