#include "hello_routes.h"

#include "hello_schemas.h"

#include <berth/error_schema.h>
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
  // Pure functions of the request: every route is safe to run on the I/O thread.
  routes.get("/hello",
             [greeting](berth::Request&) {
               return nlohmann::json{{"message", greeting->get()}};
             },
             {.non_blocking = true,
              .summary = "A greeting",
              .name = "greet",
              .responses = {{200, greeting_schema()}}});
  routes.get("/hello/:name",
             [greeting](berth::Request& request) {
               return nlohmann::json{{"message", greeting->get() + ", " + request.param("name")}};
             },
             {.non_blocking = true,
              .summary = "A greeting for someone",
              .name = "greetByName",
              .path_schema = name_path_schema(),
              .responses = {{200, greeting_schema()}}});
  routes.post("/hello/echo",
              [](berth::Request& request) {
                const auto& body = request.json();
                if (body.is_null()) throw berth::HttpError(400, "expected a JSON body to echo");
                return body;
              },
              {.non_blocking = true,
               .summary = "The JSON body, sent back",
               .name = "echo",
               .body_schema = echo_schema(),
               .responses = {{200, echo_schema()}, {400, berth::error_schema()}}});
}

}  // namespace hello
