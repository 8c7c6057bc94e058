// The handlers as the host would call them, with the SDK's own error wrapper, over a fake store.
#include "fake_routes.h"
#include "fake_storage.h"

#include "cursor.h"
#include "migrations.h"
#include "notes_routes.h"

#include <doctest/doctest.h>

using namespace notes;
using berth::Method;
using nlohmann::json;
using notes::test::FakeRoutes;
using notes::test::FakeStorage;

namespace {

struct RoutesFixture {
  FakeStorage storage;
  FakeRoutes routes;
  RoutesFixture() {
    storage.migrate(migrations());
    add_routes(routes, std::make_shared<NoteStore>(storage), Settings{});
  }

  berth::Response call(Method method, const std::string& path, const std::string& id = {},
                       std::string body = {}, std::vector<berth::Headers::Field> headers = {},
                       std::vector<berth::Headers::Field> query = {}) {
    berth::Request r;
    if (!id.empty()) r.params.emplace("id", id);
    r.body = std::move(body);
    for (auto& [k, v] : headers) r.headers.add(k, v);
    for (auto& [k, v] : query) r.query.emplace(k, v);
    return routes.call(method, path, std::move(r));
  }
  berth::Response create(const json& note) { return call(Method::post, "/", {}, note.dump()); }
};

json body_of(const berth::Response& r) {
  return json::parse(r.body);
}

}  // namespace

TEST_CASE_FIXTURE(RoutesFixture, "six routes relative to the mount, all run on the worker pool") {
  std::vector<std::pair<Method, std::string>> got;
  for (const auto& e : routes.entries()) {
    got.emplace_back(e.method, e.path);
    CHECK_FALSE(e.options.non_blocking);
  }
  CHECK(got == std::vector<std::pair<Method, std::string>>{{Method::get, "/"},
                                                           {Method::post, "/"},
                                                           {Method::get, "/:id"},
                                                           {Method::put, "/:id"},
                                                           {Method::patch, "/:id"},
                                                           {Method::del, "/:id"}});
}

TEST_CASE_FIXTURE(RoutesFixture, "POST answers 201 with Location and ETag") {
  auto r = create({{"title", "hi"}, {"tags", {"a", "b"}}});
  CHECK(r.status == 201);
  CHECK(r.headers.get("Location") == "/notes/1");
  CHECK(r.headers.get("ETag") == "\"1-1\"");
  CHECK(r.headers.get("Content-Type") == "application/json");
  json note = body_of(r);
  CHECK(note["id"] == 1);
  CHECK(note["title"] == "hi");
  CHECK(note["body"] == "");
  CHECK(note["tags"] == json{"a", "b"});
  CHECK(note["created"] == note["updated"]);
  CHECK(note["etag"] == r.headers.get("ETag"));  // the header's value, for body-only clients
  CHECK(note.size() == 7);
}

TEST_CASE_FIXTURE(RoutesFixture, "bad bodies are 400 with the SDK's or the validator's message") {
  auto r = call(Method::post, "/", {}, "{not json");
  CHECK(r.status == 400);
  CHECK(body_of(r)["message"].get<std::string>().starts_with("invalid JSON body"));
  r = call(Method::post, "/", {}, "");
  CHECK(r.status == 400);
  CHECK(body_of(r) == json{{"message", "the request body must be a JSON object"}});
  r = create({{"title", "t"}, {"extra", 1}});
  CHECK(r.status == 400);
  CHECK(body_of(r) ==
        json{{"message", "extra: unknown field (expected title, body, tags)"}, {"field", "extra"}});
  CHECK(storage.writes() == 0);
}

TEST_CASE_FIXTURE(RoutesFixture,
                  "GET one: ETag, 304 on If-None-Match, 404 for unknown and non-numeric ids") {
  create({{"title", "hi"}});
  auto r = call(Method::get, "/:id", "1");
  CHECK(r.status == 200);
  CHECK(r.headers.get("ETag") == "\"1-1\"");
  CHECK(body_of(r)["title"] == "hi");
  r = call(Method::get, "/:id", "1", {}, {{"If-None-Match", "\"1-1\""}});
  CHECK(r.status == 304);
  CHECK(r.body.empty());
  CHECK(r.headers.get("ETag") == "\"1-1\"");
  CHECK(call(Method::get, "/:id", "1", {}, {{"If-None-Match", "\"1-0\""}}).status == 200);
  r = call(Method::get, "/:id", "42");
  CHECK(r.status == 404);
  CHECK(body_of(r) == json{{"message", "note 42 not found"}});
  for (const char* id : {"abc", "0", "01", "-1", "1.0"}) {
    CAPTURE(id);
    r = call(Method::get, "/:id", id);
    CHECK(r.status == 404);
    CHECK(body_of(r) == json{{"message", std::string("note ") + id + " not found"}});
    CHECK(call(Method::del, "/:id", id).status == 404);
    CHECK(call(Method::put, "/:id", id, R"({"title":"x"})").status == 404);
  }
}

TEST_CASE_FIXTURE(RoutesFixture, "PUT replaces, PATCH merges, DELETE answers 204") {
  create({{"title", "t"}, {"body", "b"}, {"tags", {"x"}}});
  auto r = call(Method::patch, "/:id", "1", R"({"body":"B"})");
  CHECK(r.status == 200);
  CHECK(r.headers.get("ETag") == "\"1-2\"");
  CHECK(body_of(r)["title"] == "t");
  CHECK(body_of(r)["body"] == "B");
  CHECK(body_of(r)["tags"] == json{"x"});
  r = call(Method::put, "/:id", "1", R"({"title":"T"})");
  CHECK(r.status == 200);
  CHECK(r.headers.get("ETag") == "\"1-3\"");
  CHECK(body_of(r)["body"] == "");
  CHECK(body_of(r)["tags"] == json::array());
  r = call(Method::put, "/:id", "1", R"({"body":"no title"})");
  CHECK(r.status == 400);
  CHECK(body_of(r) == json{{"message", "title: is required"}, {"field", "title"}});
  r = call(Method::del, "/:id", "1");
  CHECK(r.status == 204);
  CHECK(r.body.empty());
  CHECK(call(Method::get, "/:id", "1").status == 404);
  CHECK(call(Method::del, "/:id", "1").status == 404);
}

TEST_CASE_FIXTURE(RoutesFixture, "If-Match headers reach the store") {
  create({{"title", "t"}});
  auto r = call(Method::put, "/:id", "1", R"({"title":"x"})", {{"If-Match", "\"1-0\""}});
  CHECK(r.status == 412);
  CHECK(body_of(r) == json{{"message", "note 1 was changed by someone else"}, {"etag", "\"1-1\""}});
  r = call(Method::patch, "/:id", "1", R"({"title":"x"})", {{"if-match", "\"1-1\""}});
  CHECK(r.status == 200);
  r = call(Method::del, "/:id", "1", {}, {{"If-Match", "\"1-1\""}});
  CHECK(r.status == 412);
  CHECK(call(Method::del, "/:id", "1", {}, {{"If-Match", "*"}}).status == 204);
}

TEST_CASE_FIXTURE(RoutesFixture, "GET list: notes and an opaque next_cursor") {
  for (int i = 0; i < 3; ++i) create({{"title", "n" + std::to_string(i)}});
  auto r = call(Method::get, "/", {}, {}, {}, {{"limit", "2"}});
  CHECK(r.status == 200);
  json page = body_of(r);
  CHECK(page.size() == 2);
  REQUIRE(page["notes"].size() == 2);
  CHECK(page["notes"][0]["title"] == "n2");
  CHECK(page["notes"][1]["title"] == "n1");
  REQUIRE(page["next_cursor"].is_string());
  CHECK(decode_cursor(page["next_cursor"].get<std::string>()) == 2);
  page = body_of(
      call(Method::get, "/", {}, {}, {}, {{"limit", "2"}, {"cursor", page["next_cursor"]}}));
  CHECK(page["notes"].size() == 1);
  CHECK(page["next_cursor"].is_null());
  r = call(Method::get, "/", {}, {}, {}, {{"cursor", "%%%"}});
  CHECK(r.status == 400);
  CHECK(body_of(r)["field"] == "cursor");
  r = call(Method::get, "/", {}, {}, {}, {{"limit", "0"}});
  CHECK(r.status == 400);
  CHECK(body_of(r) ==
        json{{"message", "limit: must be an integer from 1 to 200"}, {"field", "limit"}});
}

TEST_CASE("Location follows a custom mount") {
  FakeStorage storage;
  storage.migrate(migrations());
  FakeRoutes routes;
  add_routes(routes, std::make_shared<NoteStore>(storage), Settings{.mount = "/api/notes"});
  berth::Request r;
  r.body = R"({"title":"x"})";
  CHECK(routes.call(Method::post, "/", r).headers.get("Location") == "/api/notes/1");
}
