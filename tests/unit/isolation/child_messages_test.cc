#include "isolation/child_messages.h"

#include <doctest/doctest.h>

using namespace berth;
using namespace berth::isolation;

TEST_CASE("start, opened and registered round-trip") {
  ChildStart start{.name = "notes",
                   .path = "/p/notes.so",
                   .mount = "/api",
                   .config = {{"max_title", 3}},
                   .config_path = "plugins[1].config",
                   .config_marks = {{"", {"berth.yaml", 4, 5}}, {"/max_title", {"b.yaml", 5, 18}}},
                   .data_dir = "/data",
                   .log_level = "debug",
                   .worker_threads = 3};
  auto s = child_start_from(to_json(start));
  REQUIRE(s);
  CHECK(s->name == "notes");
  CHECK(s->mount == std::optional<std::string>("/api"));
  CHECK(s->config == start.config);
  CHECK(s->config_marks.at("/max_title").line == 5);
  CHECK(s->config_marks.at("/max_title").file == "b.yaml");
  CHECK(s->worker_threads == 3);

  OpenedPlugin opened{3, 72, "notes", "1.0", "d", "sig", "a,b", std::string("{}")};
  auto o = opened_plugin_from(to_json(opened));
  REQUIRE(o);
  CHECK(o->struct_size == 72);
  CHECK(o->config_schema == std::optional<std::string>("{}"));

  ChildRegistration registration;
  registration.config_handler = true;
  ChildRoute route{Method::del, "/:id", {}};
  route.contract.name = "remove";
  route.contract.tags = {"x"};
  route.contract.responses = {{204, nullptr}, {404, {{"type", "object"}}}};
  registration.routes.push_back(route);
  auto r = child_registration_from(to_json(registration));
  REQUIRE(r);
  CHECK(r->config_handler);
  REQUIRE(r->routes.size() == 1);
  CHECK(r->routes[0].method == Method::del);
  CHECK(r->routes[0].path == "/:id");
  CHECK(r->routes[0].contract.name == "remove");
  CHECK(r->routes[0].contract.responses.at(404) == nlohmann::json{{"type", "object"}});
  CHECK(same_routes(r->routes, registration.routes));
  r->routes[0].path = "/other";
  CHECK(!same_routes(r->routes, registration.routes));
}

TEST_CASE("malformed lifecycle messages are refused with a message") {
  auto s = child_start_from({{"name", 3}});
  REQUIRE(!s);
  CHECK(s.error().starts_with("malformed start message: "));
  CHECK(!opened_plugin_from(nlohmann::json::array()));
  CHECK(!child_registration_from({{"error", ""},
                                  {"config_handler", false},
                                  {"routes", {{{"method", "BREW"}, {"path", "/"}}}}}));
  CHECK(!parse_body("{not json"));
  CHECK(dump_body(std::string("\xff", 1)) == "\"\xef\xbf\xbd\"");
}
