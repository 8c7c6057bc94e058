#pragma once
// The application the HTTP server serves: route lookup, 404/405, handler failures turned into
// JSON 500s with the request id, and one request-log line per request.
#include "http/server.h"
#include "routing/route_table.h"

#include <atomic>

namespace berth::routing {

class Router final : public http::Application {
 public:
  explicit Router(RouteTable& table) : table_(table) {}

  Response handle(Request& request, http::Deferral& later) noexcept override;
  bool runs_inline(const Request& request) const noexcept override;
  void rejected(const Request& request, const Response& response) noexcept override;

  void set_request_log(bool on) noexcept { request_log_ = on; }

 private:
  Response dispatch(Request& request, http::Deferral& later, std::string& owner);
  void log_request(const Request& request, const Response& response, std::string_view owner,
                   std::chrono::nanoseconds latency) const noexcept;

  RouteTable& table_;
  std::atomic<bool> request_log_{true};
};

}  // namespace berth::routing
