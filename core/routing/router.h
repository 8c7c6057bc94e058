#pragma once
// The application the HTTP server serves: route lookup, 404/405, handler failures turned into
// JSON 500s with the request id, and per request its route's metrics and one request-log line.
#include "http/application.h"
#include "log/request_line.h"
#include "routing/route_table.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace berth::routing {

class Router final : public http::Application {
 public:
  explicit Router(RouteTable& table) : table_(table) {}

  // Each connection's dispatch matches a request's route once (filling the path parameters): a
  // non-blocking route, or a 404/405 that runs no plugin code, may be answered on the I/O thread.
  std::unique_ptr<http::Dispatch> new_dispatch() override;
  void rejected(const Request& request, const Response& response) noexcept override;
  // Looks up and runs a request in one call, for callers without a server (the test host).
  Response handle(Request& request, http::Deferral& later) noexcept;

  void set_request_log(bool on) noexcept {
    set_request_log(
        log::RequestLogPolicy{on ? log::RequestLogMode::all : log::RequestLogMode::off});
  }
  // log.requests and log.slow_request; may change while serving.
  void set_request_log(log::RequestLogPolicy policy) noexcept {
    request_log_.store(policy.mode, std::memory_order_relaxed);
    slow_request_ns_.store(policy.slow.count(), std::memory_order_relaxed);
  }
  // What a request that matches no route gets instead of the 404 when it returns a response (a
  // plugin that is not running, a host still starting). Set before serving.
  using Unrouted = std::function<std::optional<Response>(const Request&)>;
  void set_unrouted(Unrouted unrouted) { unrouted_ = std::move(unrouted); }
  // Answers to requests that matched no route (404, 405, a plugin not running), by status class.
  const StatusClassCounts& unmatched() const noexcept { return unmatched_; }

 private:
  class RouteDispatch;

  // `found` is what a dispatch matched, or null to look it up here.
  Response run(Request& request, std::shared_ptr<const Route> found,
               http::Deferral& later) noexcept;
  Response answer(Request& request, std::shared_ptr<const Route>& found, http::Deferral& later,
                  std::chrono::steady_clock::time_point start);
  // Every answer of run(), at once or deferred: counted (the route's, or unmatched) and logged.
  void finished(const Request& request, const Response& response, const Route* route,
                std::chrono::nanoseconds latency) noexcept;
  void log_request(const Request& request, const Response& response, std::string_view owner,
                   std::chrono::nanoseconds latency) const noexcept;

  RouteTable& table_;
  std::atomic<log::RequestLogMode> request_log_{log::RequestLogMode::all};
  std::atomic<std::int64_t> slow_request_ns_{1'000'000'000};
  Unrouted unrouted_;
  StatusClassCounts unmatched_;
};

}  // namespace berth::routing
