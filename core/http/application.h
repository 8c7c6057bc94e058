#pragma once
// What the HTTP server serves, as the server sees it: the contract the router implements. The
// connection code depends on this and nothing above it (the Server facade is in server.h).
#include <berth/request.h>
#include <berth/response.h>

#include <functional>
#include <memory>
#include <utility>

namespace berth::http {

// Completes a deferred request, once, from any thread. Harmless after the client has gone.
using Responder = std::function<void(Response)>;

// Lets a handler answer later without holding a thread (long polls). Whoever take()s the
// responder must call it exactly once; the Response that run() returned is then ignored.
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

// Where one connection's requests go, one at a time. prepare() decides, on the I/O thread that
// parsed the request, where it runs and keeps what its lookup found; run() then runs it on that
// thread or a worker. So a request's route is looked up once, not once to choose the thread and
// again to run it, and the lookup's result stays the application's own type. The server makes
// one per connection and reuses it, so preparing a request allocates nothing.
class Dispatch {
 public:
  virtual ~Dispatch() = default;
  // Once per request, before run(). May fill in the request (path parameters). True when the
  // request may run on this I/O thread (it never blocks). Never throws.
  virtual bool prepare(Request& request) noexcept = 0;
  // On a worker thread, or on the I/O thread when prepare() said so. Never throws.
  virtual Response run(Request& request, Deferral& later) noexcept = 0;
  // The request was answered: drop what prepare() kept, so that it does not outlive the request
  // (a route holds its plugin's code).
  virtual void clear() noexcept = 0;
};

class Application {
 public:
  virtual ~Application() = default;
  // Once per connection; may throw std::bad_alloc, and the connection is then refused.
  virtual std::unique_ptr<Dispatch> new_dispatch() = 0;
  // A request the server answered itself (400 malformed, 408, 413, 431, 503 while draining),
  // for the request log. `request` holds what was parsed before the failure. Never throws.
  virtual void rejected(const Request& request, const Response& response) noexcept = 0;
};

}  // namespace berth::http
