#include "contract/route_contract.h"

#include <doctest/doctest.h>

#include <stdexcept>

namespace berth::contract {
namespace {

using nlohmann::literals::operator""_json;

TEST_CASE("text parameters take the declared property's type when they read as one") {
  auto schema = R"({"properties": {"n": {"type": "integer"}, "x": {"type": "number"},
                    "b": {"type": "boolean"}, "s": {"type": "string"},
                    "either": {"type": ["integer", "string"]}}})"_json;
  std::multimap<std::string, std::string, std::less<>> query = {
      {"n", "12"}, {"x", "2.5"}, {"b", "true"}, {"s", "12"}, {"either", "7"}, {"other", "3"}};
  CHECK(parameters_as_json(query, schema) ==
        R"({"n": 12, "x": 2.5, "b": true, "s": "12", "either": 7, "other": "3"})"_json);
  // Text that is not of the type stays text, for the check to name.
  std::multimap<std::string, std::string, std::less<>> bad = {
      {"n", "12abc"}, {"x", "nan"}, {"b", "yes"}, {"n", "5"}};
  CHECK(parameters_as_json(bad, schema) == R"({"n": "12abc", "x": "nan", "b": "yes"})"_json);
}

TEST_CASE("a request is checked in its path, query and body, every violation named") {
  RouteOptions options{
      .body_schema = R"({"type": "object", "required": ["t"]})"_json,
      .query_schema = R"({"properties": {"limit": {"type": "integer", "maximum": 5}}})"_json,
      .path_schema = R"({"properties": {"id": {"type": "integer"}}})"_json};
  RouteContract c = RouteContract::from(options);
  CHECK(c.checks_input());
  Request r;
  r.params = {{"id", "x"}};
  r.query = {{"limit", "9"}};
  r.body = "{}";
  auto v = c.check(r);
  REQUIRE(v.size() == 3);
  CHECK(v[0].in == "path");
  CHECK(v[0].pointer == "/id");
  CHECK(v[1].in == "query");
  CHECK(v[1].pointer == "/limit");
  CHECK(v[2].in == "body");
  Request good;  // a new one: json() is parsed once per request
  good.params = {{"id", "3"}};
  good.query = {{"limit", "5"}};
  good.body = R"({"t": 1})";
  CHECK(c.check(good).empty());
}

TEST_CASE("a route that declares nothing checks nothing") {
  RouteContract c = RouteContract::from({.summary = "x"});
  CHECK_FALSE(c.checks_input());
  Request r;
  r.body = "not json";
  CHECK(c.check(r).empty());  // the body is not even parsed
}

TEST_CASE("an unusable schema names which one") {
  try {
    RouteContract::from({.query_schema = R"({"type": 5})"_json});
    FAIL("expected a throw");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("query_schema is not a usable JSON Schema") == 0);
  }
  CHECK_THROWS_AS(RouteContract::from({.responses = {{700, nullptr}}}), std::invalid_argument);
}

TEST_CASE("operation names default to the method and the path's words") {
  CHECK(operation_name(Method::get, "/notes/:id") == "getNotesById");
  CHECK(operation_name(Method::post, "/disk-usage") == "postDiskUsage");
  CHECK(operation_name(Method::get, "/") == "get");
  CHECK(operation_name(Method::del, "/a/:b/c_d") == "deleteAByBCD");
}

}  // namespace
}  // namespace berth::contract
