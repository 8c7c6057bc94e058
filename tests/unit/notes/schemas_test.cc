// The schemas notes declares are true to its handlers: the host checks them before a handler runs,
// so a schema that refused a body validate.cc accepts would take a working request away. Each
// body below goes through both; the schema may only be the coarser check. valijson is what the
// host checks with.
#define VALIJSON_USE_EXCEPTIONS 1

#include "fake_routes.h"
#include "fake_storage.h"

#include "migrations.h"
#include "notes_routes.h"
#include "notes_schemas.h"
#include "validate.h"

#include <berth/http_error.h>
#include <doctest/doctest.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <functional>
#include <memory>

using namespace notes;
using nlohmann::json;

namespace {

const Limits kDefaultLimits;

bool schema_accepts(const json& schema, const json& value) {
  valijson::Schema compiled;
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema);
  parser.populateSchema(schema_adapter, compiled);
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter document(value);
  return validator.validate(compiled, document, nullptr);
}

bool handler_accepts(const std::function<void()>& parse) {
  try {
    parse();
    return true;
  } catch (const berth::HttpError&) {
    return false;
  }
}

std::string repeated(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Bodies on both sides of every rule in validate.cc, and past each schema keyword.
std::vector<json> bodies() {
  return {
      json::object(),
      {{"title", "t"}},
      {{"title", ""}},
      {{"title", " "}},
      {{"title", "  padded  "}},
      {{"title", repeated("t", 200)}},
      {{"title", repeated("t", 201)}},
      {{"title", " " + repeated("t", 200) + "\t"}},  // trimmed to 200: valid
      {{"title", repeated("\u00e9", 200)}},          // 200 code points, 400 bytes
      {{"title", 7}},
      {{"title", nullptr}},
      {{"title", "t"}, {"body", ""}},
      {{"title", "t"}, {"body", repeated("b", 100000)}},
      {{"title", "t"}, {"body", repeated("b", 100001)}},
      {{"title", "t"}, {"body", repeated("\u00e9", 50000)}},  // 100000 bytes
      {{"title", "t"}, {"body", repeated("\u00e9", 50001)}},  // over in bytes, not code points
      {{"title", "t"}, {"body", 1}},
      {{"title", "t"}, {"tags", json::array()}},
      {{"title", "t"}, {"tags", json::array({"a", "b"})}},
      {{"title", "t"}, {"tags", json::array({"a", "a"})}},
      {{"title", "t"}, {"tags", json::array({"a", " a"})}},  // duplicates after trimming
      {{"title", "t"}, {"tags", json::array({" "})}},
      {{"title", "t"}, {"tags", json::array({""})}},
      {{"title", "t"}, {"tags", json::array({repeated("x", 64)})}},
      {{"title", "t"}, {"tags", json::array({repeated("x", 65)})}},
      {{"title", "t"}, {"tags", json::array({" " + repeated("x", 64) + " "})}},
      {{"title", "t"}, {"tags", json(std::vector<std::string>(32, "x"))}},
      {{"title", "t"}, {"tags", json(std::vector<std::string>(33, "x"))}},
      {{"title", "t"}, {"tags", "a,b"}},
      {{"title", "t"}, {"tags", json::array({"a", 1})}},
      {{"title", "t"}, {"id", 1}},
      {{"title", "t"}, {"created", "x"}},
      {{"title", "t"}, {"colour", "red"}},
      {{"body", "no title"}},
      json::array({1, 2}),
      "text",
      nullptr,
  };
}

}  // namespace

TEST_CASE("what validate.cc accepts, the body schemas accept: POST/PUT and PATCH") {
  int refused_by_schema = 0;
  int refused_by_handler_only = 0;
  for (const auto& body : bodies()) {
    CAPTURE(body.dump().substr(0, 80));
    const bool full = handler_accepts([&] { parse_full(body, kDefaultLimits); });
    const bool full_schema = schema_accepts(full_body_schema(kDefaultLimits), body);
    if (full) CHECK(full_schema);
    const bool patch = handler_accepts([&] { parse_patch(body, kDefaultLimits); });
    const bool patch_schema = schema_accepts(patch_body_schema(kDefaultLimits), body);
    if (patch) CHECK(patch_schema);
    refused_by_schema += !full_schema;
    refused_by_handler_only += full_schema && !full;
  }
  // Both checks have work to do: the list reaches each side of the line.
  CHECK(refused_by_schema > 10);
  CHECK(refused_by_handler_only >= 5);
}

TEST_CASE("the schemas follow the configured limits") {
  Limits small;
  small.max_body_bytes = 5;
  CHECK(schema_accepts(full_body_schema(small), {{"title", "t"}, {"body", "12345"}}));
  CHECK_FALSE(schema_accepts(full_body_schema(small), {{"title", "t"}, {"body", "123456"}}));
  CHECK_FALSE(schema_accepts(patch_body_schema(small), {{"body", "123456"}}));
}

TEST_CASE("the list's query schema is true to parse_list_query, once the host converts numbers") {
  const json schema = list_query_schema();
  CHECK(schema_accepts(schema, json::object()));
  CHECK(schema_accepts(schema, {{"limit", 1}, {"cursor", "MQ"}, {"q", ""}}));
  CHECK(schema_accepts(schema, {{"limit", 200}, {"q", repeated("q", 500)}}));
  CHECK_FALSE(schema_accepts(schema, {{"limit", 0}}));
  CHECK_FALSE(schema_accepts(schema, {{"limit", 201}}));
  CHECK_FALSE(schema_accepts(schema, {{"limit", "ten"}}));
  CHECK_FALSE(schema_accepts(schema, {{"q", repeated("q", 501)}}));
  CHECK_FALSE(schema_accepts(schema, {{"cursor", ""}}));
  // The longest cursor the plugin hands out: the largest id.
  CHECK(schema_accepts(schema, {{"cursor", "OTIyMzM3MjAzNjg1NDc3NTgwNw"}}));
  CHECK(schema_accepts(schema, {{"colour", "red"}}));  // ignored by the handler
}

TEST_CASE("answers match their response schemas") {
  test::FakeStorage storage;
  test::FakeRoutes routes;
  storage.migrate(migrations());
  add_routes(routes, std::make_shared<NoteStore>(storage), Settings{});
  auto call = [&](berth::Method method, const std::string& path, const std::string& id,
                  const json& body, std::vector<std::pair<std::string, std::string>> query = {}) {
    berth::Request r;
    if (!id.empty()) r.params.emplace("id", id);
    if (!body.is_null()) r.body = body.dump();
    for (auto& [k, v] : query) r.query.emplace(k, v);
    return routes.call(method, path, std::move(r));
  };
  // Every route declares a name and its answers; each answer below matches its status's schema.
  for (const auto& e : routes.entries()) {
    CAPTURE(e.path);
    CHECK_FALSE(e.options.name.empty());
    CHECK_FALSE(e.options.summary.empty());
    CHECK_FALSE(e.options.responses.empty());
  }
  auto check = [&](berth::Method method, const std::string& path, const berth::Response& r) {
    CAPTURE(path);
    CAPTURE(r.body.substr(0, 200));
    for (const auto& e : routes.entries()) {
      if (e.method != method || e.path != path) continue;
      auto declared = e.options.responses.find(r.status);
      REQUIRE_MESSAGE(declared != e.options.responses.end(), "status ", r.status);
      if (declared->second.is_null()) {
        CHECK(r.body.empty());
      } else {
        CHECK(schema_accepts(declared->second, json::parse(r.body)));
      }
      return;
    }
    FAIL("no such route");
  };
  using berth::Method;
  check(Method::post, "/", call(Method::post, "/", "", {{"title", "a"}, {"tags", {"x"}}}));
  check(Method::post, "/", call(Method::post, "/", "", {{"title", " "}}));
  check(Method::get, "/", call(Method::get, "/", "", nullptr, {{"limit", "1"}}));
  check(Method::get, "/", call(Method::get, "/", "", nullptr, {{"limit", "0"}}));
  check(Method::get, "/:id", call(Method::get, "/:id", "1", nullptr));
  check(Method::get, "/:id", call(Method::get, "/:id", "9", nullptr));
  check(Method::put, "/:id", call(Method::put, "/:id", "1", {{"title", "b"}}));
  check(Method::patch, "/:id", call(Method::patch, "/:id", "1", {{"body", "c"}}));
  check(Method::patch, "/:id", call(Method::patch, "/:id", "1", {{"tags", {"a", " a"}}}));
  check(Method::patch, "/:id", call(Method::patch, "/:id", "9", {{"body", "c"}}));
  berth::Request stale;
  stale.params.emplace("id", "1");
  stale.body = json{{"title", "d"}}.dump();
  stale.headers.add("If-Match", "\"1-1\"");
  check(Method::put, "/:id", routes.call(Method::put, "/:id", std::move(stale)));
  berth::Request cached;
  cached.params.emplace("id", "1");
  cached.headers.add("If-None-Match", "*");
  check(Method::get, "/:id", routes.call(Method::get, "/:id", std::move(cached)));
  check(Method::del, "/:id", call(Method::del, "/:id", "1", nullptr));
  check(Method::del, "/:id", call(Method::del, "/:id", "1", nullptr));
}
