#include "routing/route_table.h"

#include <doctest/doctest.h>

using namespace berth;
using namespace berth::routing;

namespace {

Route make(Method m, const std::string& path, const std::string& owner, const std::string& tag) {
  Route r;
  r.method = m;
  r.pattern = *parse_pattern(path);
  r.owner = owner;
  r.handler = [tag](Request&) noexcept { return Response::text(tag); };
  return r;
}

std::string call(RouteTable& t, Method m, const std::string& path,
                 std::map<std::string, std::string, std::less<>>* out = nullptr) {
  std::map<std::string, std::string, std::less<>> params;
  auto match = t.match(m, path, params);
  if (out) *out = params;
  if (match.kind == Match::Kind::not_found) return "404";
  if (match.kind == Match::Kind::method_not_allowed) return "405 " + match.allow;
  Request req;
  return match.route->handler(req).body;
}

}  // namespace

TEST_CASE("literal segments win over parameters, with backtracking") {
  RouteTable t;
  REQUIRE(t.add({make(Method::get, "/notes/:id", "a", "by-id"),
                 make(Method::get, "/notes/search", "a", "search"),
                 make(Method::get, "/notes/:id/tags", "a", "tags")}));
  std::map<std::string, std::string, std::less<>> params;
  CHECK(call(t, Method::get, "/notes/search") == "search");
  CHECK(call(t, Method::get, "/notes/7", &params) == "by-id");
  CHECK(params.at("id") == "7");
  CHECK(call(t, Method::get, "/notes/search/tags", &params) == "tags");
  CHECK(params.at("id") == "search");
  CHECK(call(t, Method::get, "/notes/7/") == "by-id");
  CHECK(call(t, Method::get, "/notes") == "404");
  CHECK(call(t, Method::get, "/notes/7/tags/x") == "404");
}

TEST_CASE("405 lists the allowed methods; HEAD falls back to GET") {
  RouteTable t;
  REQUIRE(t.add(
      {make(Method::get, "/items/:id", "a", "get"), make(Method::del, "/items/:id", "a", "del")}));
  CHECK(call(t, Method::post, "/items/1") == "405 GET, HEAD, DELETE");
  CHECK(call(t, Method::head, "/items/1") == "get");
}

TEST_CASE("a conflicting route is refused with both owners named, and nothing is added") {
  RouteTable t;
  REQUIRE(t.add({make(Method::get, "/hello", "hello", "h")}));
  auto added = t.add(
      {make(Method::get, "/other", "conflict", "o"), make(Method::get, "/hello", "conflict", "c")});
  REQUIRE_FALSE(added);
  CHECK(added.error() ==
        "route GET /hello of plugin 'conflict' conflicts with GET /hello of plugin 'hello'");
  CHECK(call(t, Method::get, "/other") == "404");
  CHECK(call(t, Method::get, "/hello") == "h");
}

TEST_CASE("parameters of different names in the same place conflict; other methods do not") {
  RouteTable t;
  REQUIRE(t.add({make(Method::get, "/n/:id", "a", "x")}));
  auto added = t.add({make(Method::get, "/n/:key", "b", "y")});
  REQUIRE_FALSE(added);
  CHECK(added.error().find("plugin 'a'") != std::string::npos);
  CHECK(t.add({make(Method::put, "/n/:key", "b", "put")}));
  std::map<std::string, std::string, std::less<>> params;
  CHECK(call(t, Method::put, "/n/3", &params) == "put");
  CHECK(params.at("key") == "3");
}

TEST_CASE("routes added together conflict among themselves") {
  RouteTable t;
  CHECK_FALSE(t.add({make(Method::get, "/x", "a", "1"), make(Method::get, "/x/", "a", "2")}));
  CHECK(t.routes().empty());
}

TEST_CASE("remove_owner removes only that owner's routes") {
  RouteTable t;
  REQUIRE(t.add({make(Method::get, "/a", "one", "a"), make(Method::get, "/b/:x", "two", "b")}));
  t.remove_owner("one");
  CHECK(call(t, Method::get, "/a") == "404");
  CHECK(call(t, Method::get, "/b/1") == "b");
  CHECK(t.routes().size() == 1);
}
