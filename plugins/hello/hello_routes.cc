#include "hello_routes.h"

#include <berth/http.h>

namespace hello {

std::string Greeting::get() const {
  std::lock_guard lock(mutex_);
  return text_;
}

void Greeting::set(std::string text) {
  std::lock_guard lock(mutex_);
  text_ = std::move(text);
}

std::string greeting_from(const berth::Config& config) {
  return berth::config_value<std::string>(config, "greeting", "hello");
}

void add_routes(berth::Routes& routes, std::shared_ptr<const Greeting> greeting) {
  // Pure functions of the request: safe to run on the I/O thread.
  berth::RouteOptions pure{.non_blocking = true};
  routes.get("/hello",
             [greeting](berth::Request&) {
               return nlohmann::json{{"message", greeting->get()}};
             },
             {.non_blocking = true, .summary = "A greeting"});
  routes.get(
      "/hello/:name",
      [greeting](berth::Request& request) {
        return nlohmann::json{{"message", greeting->get() + ", " + request.param("name")}};
      },
      pure);
  routes.post(
      "/hello/echo",
      [](berth::Request& request) {
        const auto& body = request.json();
        if (body.is_null()) throw berth::HttpError(400, "expected a JSON body to echo");
        return body;
      },
      pure);
}

}  // namespace hello
