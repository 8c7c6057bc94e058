#include "routing/router.h"

#include "log/logger.h"
#include "routing/invalid_input.h"

#include <berth/guard.h>

#include <charconv>
#include <chrono>

namespace berth::routing {

// One connection's lookups: prepare() keeps the route it matched for run(), on whichever thread.
class Router::RouteDispatch final : public http::Dispatch {
 public:
  explicit RouteDispatch(Router& router) : router_(router) {}

  bool prepare(Request& request) noexcept override {
    try {
      auto match = router_.table_.match(request.method, request.path, request.params);
      if (match.kind != Match::Kind::found) return true;  // a 404 or 405 runs no plugin code
      route_ = std::move(match.route);
      return route_->non_blocking;
    } catch (...) {
      return false;  // out of memory: run() looks again, on a worker
    }
  }
  Response run(Request& request, http::Deferral& later) noexcept override {
    return router_.run(request, route_, later);
  }
  void clear() noexcept override { route_.reset(); }

 private:
  Router& router_;
  std::shared_ptr<const Route> route_;
};

std::unique_ptr<http::Dispatch> Router::new_dispatch() {
  return std::make_unique<RouteDispatch>(*this);
}

Response Router::handle(Request& request, http::Deferral& later) noexcept {
  return run(request, nullptr, later);
}

// `found` is what a dispatch matched; without it (404, 405, no memory then, or no dispatch) the
// table is asked here, off the hot path, and `found` is set to the route that runs.
Response Router::answer(Request& request, std::shared_ptr<const Route>& found,
                        http::Deferral& later, std::chrono::steady_clock::time_point start) {
  if (!found) {
    auto match = table_.match(request.method, request.path, request.params);
    if (match.kind == Match::Kind::not_found) {
      if (unrouted_) {
        if (auto answer = unrouted_(request)) return std::move(*answer);
      }
      return Response::error_json(
          404, "no route for " + std::string(to_string(request.method)) + " " + request.path);
    }
    if (match.kind == Match::Kind::method_not_allowed) {
      Response r = Response::error_json(
          405,
          "method " + std::string(to_string(request.method)) + " is not allowed on " + request.path,
          {{"allow", match.allow}});
      r.headers.set("Allow", match.allow);
      return r;
    }
    found = std::move(match.route);
  }
  const Route& route = *found;
  if (route.metrics) route.metrics->in_flight.fetch_add(1, std::memory_order_relaxed);
  if (route.contract && route.contract->checks_input()) {
    std::vector<contract::Violation> violations;
    try {
      violations = route.contract->check(request);
    } catch (...) {
      return detail::response_for_current_exception();  // a body that is not JSON
    }
    if (!violations.empty()) return invalid_input(violations);
  }
  if (route.deferred) {
    // Counted and logged when the answer comes, with the whole wait as latency.
    route.deferred(request, [this, logged = request, found, start,
                             respond = later.take()](Response response) mutable {
      finished(logged, response, found.get(), std::chrono::steady_clock::now() - start);
      respond(std::move(response));
    });
    return Response::empty(204);  // not sent: the deferral was taken
  }
  Response response = route.handler(request);
  if (route.stats) {
    route.stats->requests.fetch_add(1, std::memory_order_relaxed);
    if (response.unhandled_exception)
      route.stats->exceptions.fetch_add(1, std::memory_order_relaxed);
    if (response.status >= 500) route.stats->server_errors.fetch_add(1, std::memory_order_relaxed);
  }
  if (response.unhandled_exception) {
    if (route.metrics) route.metrics->exceptions.fetch_add(1, std::memory_order_relaxed);
    log::error("handler threw", {{"plugin", route.owner},
                                 {"request_id", request.request_id},
                                 {"method", to_string(request.method)},
                                 {"uri", request.target},
                                 {"route", route.pattern.text},
                                 {"error", response.error}});
    std::string error = std::move(response.error);
    response = Response::error_json(500, "internal error in plugin '" + route.owner + "'",
                                    {{"request_id", request.request_id}});
    response.error = std::move(error);
  }
  return response;
}

Response Router::run(Request& request, std::shared_ptr<const Route> found,
                     http::Deferral& later) noexcept {
  const auto start = std::chrono::steady_clock::now();
  Response response;
  try {
    response = answer(request, found, later, start);
    if (later.taken()) return response;
  } catch (...) {
    response = Response::error_json(500, "internal error", {{"request_id", request.request_id}});
    response.error = detail::describe_current_exception();
  }
  finished(request, response, found.get(), std::chrono::steady_clock::now() - start);
  return response;
}

void Router::finished(const Request& request, const Response& response, const Route* route,
                      std::chrono::nanoseconds latency) noexcept {
  if (route && route->metrics) {
    route->metrics->finished(response.status, latency);
  } else {
    unmatched_.add(response.status);
  }
  log_request(request, response, route ? std::string_view(route->owner) : std::string_view(),
              latency);
}

void Router::rejected(const Request& request, const Response& response) noexcept {
  log_request(request, response, "", std::chrono::nanoseconds(0));
}

void Router::log_request(const Request& request, const Response& response, std::string_view owner,
                         std::chrono::nanoseconds latency) const noexcept {
  const log::RequestLogPolicy policy{
      request_log_.load(std::memory_order_relaxed),
      std::chrono::nanoseconds(slow_request_ns_.load(std::memory_order_relaxed))};
  const LogLevel level = response.status >= 500 ? LogLevel::error : LogLevel::info;
  if (!log::should_log(policy, response.status, latency) || !log::enabled(level)) return;
  try {
    // "unix:pid=N" without a temporary string (or printf) per request.
    char remote[32] = "unix:pid=";
    std::string_view remote_ip = request.peer.transport;
    if (request.peer.transport == "unix") {
      const char* end = std::to_chars(remote + 9, remote + sizeof remote, request.peer.pid).ptr;
      remote_ip = std::string_view(remote, static_cast<std::size_t>(end - remote));
    }
    const auto host = request.headers.get("Host");
    const auto agent = request.headers.get("User-Agent");
    log::write_request(level, {.id = request.request_id,
                               .remote_ip = remote_ip,
                               .host = host ? std::string_view(*host) : std::string_view(),
                               .method = to_string(request.method),
                               .uri = request.target,
                               .user_agent = agent ? std::string_view(*agent) : std::string_view(),
                               .error = response.error,
                               .plugin = owner,
                               .status = response.status,
                               .latency = latency,
                               .bytes_in = request.body.size(),
                               .bytes_out = response.body.size()});
  } catch (...) {
  }
}

}  // namespace berth::routing
