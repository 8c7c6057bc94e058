#include "note.h"
#include "clock.h"
#include "errors.h"
#include "notes_routes.h"

#include <doctest/doctest.h>

using namespace notes;
using nlohmann::json;

TEST_CASE("a note's JSON has exactly the documented fields") {
  Note note{.id = 7,
            .revision = 3,
            .fields = {"Title", "Body", {"a", "b"}},
            .created = "2026-11-27T17:00:00.123Z",
            .updated = "2026-11-28T08:30:00.000Z"};
  CHECK(to_json(note) == json{{"id", 7},
                              {"title", "Title"},
                              {"body", "Body"},
                              {"tags", {"a", "b"}},
                              {"created", "2026-11-27T17:00:00.123Z"},
                              {"updated", "2026-11-28T08:30:00.000Z"},
                              {"etag", "\"7-3\""}});
}

TEST_CASE("rows round-trip, tags as JSON text") {
  json row = {{"id", 3},       {"revision", 2},           {"title", "t"},
              {"body", "b"},   {"tags", "[\"x\",\"y\"]"}, {"created", "c"},
              {"updated", "u"}};
  Note note = note_from_row(row);
  CHECK(note.id == 3);
  CHECK(note.revision == 2);
  CHECK(note.fields == NoteFields{"t", "b", {"x", "y"}});
  CHECK(note.created == "c");
  CHECK(note.updated == "u");
  CHECK(tags_to_text({"x", "y"}) == "[\"x\",\"y\"]");
  CHECK(tags_to_text({}) == "[]");
  row["tags"] = "not json";
  CHECK_THROWS_AS(note_from_row(row), std::runtime_error);
}

TEST_CASE("timestamps are UTC RFC 3339 with milliseconds") {
  using namespace std::chrono;
  CHECK(format_timestamp(system_clock::time_point{}) == "1970-01-01T00:00:00.000Z");
  auto t = sys_days{year{2026} / 11 / 27} + hours{17} + milliseconds{123};
  CHECK(format_timestamp(t) == "2026-11-27T17:00:00.123Z");
  CHECK(format_timestamp(t + microseconds{999}) == "2026-11-27T17:00:00.123Z");  // truncated
  std::string now = utc_now();
  CHECK(now.size() == 24);
  CHECK(now[10] == 'T');
  CHECK(now.back() == 'Z');
}

TEST_CASE("error shapes") {
  auto e = bad_field("title", "is required");
  CHECK(e.status() == 400);
  CHECK(std::string(e.what()) == "title: is required");
  CHECK(e.details() == json{{"field", "title"}});
  e = note_not_found(42);
  CHECK(e.status() == 404);
  CHECK(std::string(e.what()) == "note 42 not found");
  e = note_changed(42, "\"42-3\"");
  CHECK(e.status() == 412);
  CHECK(std::string(e.what()) == "note 42 was changed by someone else");
  CHECK(e.details() == json{{"etag", "\"42-3\""}});
}

TEST_CASE("Location respects the mount") {
  CHECK(note_location("/notes", 42) == "/notes/42");
  CHECK(note_location("/", 42) == "/42");
  CHECK(note_location("/api/v1/notes", 1) == "/api/v1/notes/1");
}
