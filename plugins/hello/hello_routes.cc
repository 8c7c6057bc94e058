#include "hello_routes.h"

#include <berth/http.h>

namespace hello {

void add_routes(berth::Routes& routes, const Settings& settings) {
  // Pure functions of the request: safe to run on the I/O thread.
  berth::RouteOptions pure{.non_blocking = true};
  routes.get("/hello",
             [greeting = settings.greeting](berth::Request&) {
               return nlohmann::json{{"message", greeting}};
             },
             {.non_blocking = true, .summary = "A greeting"});
  routes.get(
      "/hello/:name",
      [greeting = settings.greeting](berth::Request& request) {
        return nlohmann::json{{"message", greeting + ", " + request.param("name")}};
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
