#include "routing/route_pattern.h"

#include <doctest/doctest.h>

using namespace berth::routing;

TEST_CASE("patterns are parsed and normalised") {
  auto p = parse_pattern("/notes/:id/tags/");
  REQUIRE(p);
  CHECK(p->text == "/notes/:id/tags");
  REQUIRE(p->segments.size() == 3);
  CHECK(p->segments[1].is_param);
  CHECK(p->segments[1].text == "id");
  CHECK(parse_pattern("/")->text == "/");
}

TEST_CASE("bad patterns name the problem") {
  CHECK(parse_pattern("notes").error() == "route path 'notes' must start with '/'");
  CHECK(parse_pattern("/a//b").error() == "route path '/a//b' has an empty segment");
  CHECK(parse_pattern("/a/:").error() == "route path '/a/:' has a bad parameter name ':'");
  CHECK(parse_pattern("/a/:x-y").error() == "route path '/a/:x-y' has a bad parameter name ':x-y'");
  CHECK(parse_pattern("/a/:id/b/:id").error() ==
        "route path '/a/:id/b/:id' repeats parameter ':id'");
}

TEST_CASE("mounts join paths") {
  CHECK(join_mount("/", "/hello") == "/hello");
  CHECK(join_mount("/notes", "/") == "/notes");
  CHECK(join_mount("/notes", "/:id") == "/notes/:id");
  CHECK(join_mount("/", "/") == "/");
}

TEST_CASE("request paths split into segments, one trailing slash ignored") {
  auto parts = split_path("/notes/42/");
  REQUIRE(parts.size() == 2);
  CHECK(parts[0] == "notes");
  CHECK(parts[1] == "42");
  CHECK(split_path("/").empty());
}
