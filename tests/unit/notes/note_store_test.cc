// The store against a real SQLite database behind a fake host Storage.
#include "fake_storage.h"
#include "test_helpers.h"

#include "etag.h"
#include "migrations.h"
#include "note_store.h"

#include <doctest/doctest.h>

#include <set>

using namespace notes;
using notes::test::failure_of;
using notes::test::FakeStorage;

namespace {

// A clock that ticks one second per call, so tests can tell created from updated.
Clock ticking_clock() {
  auto seconds = std::make_shared<int>(0);
  return [seconds] {
    char text[32];
    std::snprintf(text, sizeof text, "2026-01-01T00:00:%02d.000Z", (*seconds)++ % 60);
    return std::string(text);
  };
}

struct StoreFixture {
  FakeStorage storage;
  NoteStore store{storage, ticking_clock()};
  StoreFixture() { storage.migrate(migrations()); }
};

std::vector<std::int64_t> ids_of(const Page& page) {
  std::vector<std::int64_t> ids;
  for (const auto& n : page.notes) ids.push_back(n.id);
  return ids;
}

std::vector<std::string> titles_matching(NoteStore& store, const std::string& q) {
  std::vector<std::string> titles;
  for (const auto& n : store.list({.limit = 200, .q = q}).notes) titles.push_back(n.fields.title);
  return titles;
}

}  // namespace

TEST_CASE("migrations create the v2 schema and run once") {
  FakeStorage storage;
  storage.migrate(migrations());
  CHECK(storage.schema_version() == 2);
  CHECK(storage.columns("notes") ==
        std::vector<std::string>{"id", "title", "body", "revision", "created", "updated", "tags"});
  storage.migrate(migrations());  // nothing pending
  CHECK(storage.schema_version() == 2);
}

TEST_CASE("a database at v1 upgrades to v2 and keeps its notes") {
  FakeStorage storage;
  storage.migrate({migrations().at(0)});
  CHECK(storage.schema_version() == 1);
  storage.sqlite().exec(
      "INSERT INTO notes(title, body, created, updated) "
      "VALUES ('old', 'from v1', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')");
  storage.migrate(migrations());
  CHECK(storage.schema_version() == 2);
  NoteStore store(storage);
  auto note = store.find(1);
  REQUIRE(note);
  CHECK(note->fields == NoteFields{"old", "from v1", {}});
  CHECK(note->revision == 1);
  CHECK(etag_of(*note) == "\"1-1\"");
  CHECK(store.update(1, {.tags = std::vector<std::string>{"upgraded"}}, std::nullopt).fields.tags ==
        std::vector<std::string>{"upgraded"});
}

TEST_CASE_FIXTURE(StoreFixture, "create and find") {
  Note a = store.create({"first", "body", {"x"}});
  CHECK(storage.writes() == 1);
  CHECK(a.id == 1);
  CHECK(a.revision == 1);
  CHECK(a.created == "2026-01-01T00:00:00.000Z");
  CHECK(a.updated == a.created);
  Note b = store.create({"second", "", {}});
  CHECK(b.id == 2);
  auto found = store.find(1);
  REQUIRE(found);
  CHECK(found->fields == NoteFields{"first", "body", {"x"}});
  CHECK(found->created == a.created);
  CHECK_FALSE(store.find(3));
}

TEST_CASE_FIXTURE(StoreFixture, "keyset pages: newest first, no gaps, no duplicates, cursor ends") {
  for (int i = 1; i <= 25; ++i) store.create({"note " + std::to_string(i), "", {}});
  Page p1 = store.list({.limit = 10});
  CHECK(ids_of(p1) == std::vector<std::int64_t>{25, 24, 23, 22, 21, 20, 19, 18, 17, 16});
  REQUIRE(p1.next_before == 16);
  Page p2 = store.list({.limit = 10, .before_id = p1.next_before});
  CHECK(ids_of(p2) == std::vector<std::int64_t>{15, 14, 13, 12, 11, 10, 9, 8, 7, 6});
  REQUIRE(p2.next_before == 6);
  // A note created between pages does not shift the pages already served.
  store.create({"late", "", {}});
  Page p3 = store.list({.limit = 10, .before_id = p2.next_before});
  CHECK(ids_of(p3) == std::vector<std::int64_t>{5, 4, 3, 2, 1});
  CHECK_FALSE(p3.next_before);
}

TEST_CASE_FIXTURE(StoreFixture, "a last page that is exactly full has no cursor") {
  for (int i = 0; i < 20; ++i) store.create({"n", "", {}});
  Page p1 = store.list({.limit = 10});
  REQUIRE(p1.next_before);
  Page p2 = store.list({.limit = 10, .before_id = p1.next_before});
  CHECK(p2.notes.size() == 10);
  CHECK_FALSE(p2.next_before);
  CHECK(store.list({.limit = 10, .before_id = 1}).notes.empty());
  CHECK(store.list({}).notes.size() == 20);  // default limit 50
}

TEST_CASE_FIXTURE(StoreFixture,
                  "search is literal for LIKE metacharacters and ASCII case-insensitive") {
  store.create({"100% sure", "", {}});
  store.create({"100 percent", "", {}});
  store.create({"a_b", "", {}});
  store.create({"axb", "", {}});
  store.create({"back\\slash", "", {}});
  store.create({"O'Reilly says \"hi\"", "", {}});
  store.create({"plain", "the BODY mentions Zebra", {}});
  CHECK(titles_matching(store, "%") == std::vector<std::string>{"100% sure"});
  CHECK(titles_matching(store, "_") == std::vector<std::string>{"a_b"});
  CHECK(titles_matching(store, "\\") == std::vector<std::string>{"back\\slash"});
  CHECK(titles_matching(store, "'") == std::vector<std::string>{"O'Reilly says \"hi\""});
  CHECK(titles_matching(store, "\"hi\"") == std::vector<std::string>{"O'Reilly says \"hi\""});
  CHECK(titles_matching(store, "o'REILLY") == std::vector<std::string>{"O'Reilly says \"hi\""});
  CHECK(titles_matching(store, "zebra") == std::vector<std::string>{"plain"});
  CHECK(titles_matching(store, "100") == std::vector<std::string>{"100 percent", "100% sure"});
  CHECK(titles_matching(store, "nothing like this").empty());
  CHECK(titles_matching(store, "").size() == 7);
}

TEST_CASE_FIXTURE(StoreFixture, "search pages with the cursor like a plain listing") {
  for (int i = 1; i <= 12; ++i)
    store.create({(i % 2 ? "odd " : "even ") + std::to_string(i), "", {}});
  Page p1 = store.list({.limit = 4, .q = "odd"});
  CHECK(ids_of(p1) == std::vector<std::int64_t>{11, 9, 7, 5});
  Page p2 = store.list({.limit = 4, .before_id = p1.next_before, .q = "odd"});
  CHECK(ids_of(p2) == std::vector<std::int64_t>{3, 1});
  CHECK_FALSE(p2.next_before);
}

TEST_CASE_FIXTURE(StoreFixture, "replace and update bump the revision and keep created") {
  Note n = store.create({"t", "b", {"a"}});
  Note replaced = store.replace(n.id, {"T", "", {}}, std::nullopt);
  CHECK(replaced.revision == 2);
  CHECK(replaced.fields == NoteFields{"T", "", {}});
  CHECK(replaced.created == n.created);
  CHECK(replaced.updated != n.updated);
  Note patched = store.update(n.id, {.body = "new body"}, std::nullopt);
  CHECK(patched.revision == 3);
  CHECK(patched.fields == NoteFields{"T", "new body", {}});
  auto stored = store.find(n.id);
  REQUIRE(stored);
  CHECK(stored->fields == patched.fields);
  CHECK(stored->revision == 3);
  CHECK(stored->updated == patched.updated);
}

TEST_CASE_FIXTURE(StoreFixture, "a write that changes nothing keeps revision and updated") {
  Note n = store.create({"t", "b", {"a"}});
  Note same = store.replace(n.id, {"t", "b", {"a"}}, std::nullopt);
  CHECK(same.revision == 1);
  CHECK(same.updated == n.updated);
  same = store.update(n.id, {}, std::nullopt);
  CHECK(same.revision == 1);
  CHECK(store.find(n.id)->revision == 1);
}

TEST_CASE_FIXTURE(StoreFixture,
                  "If-Match: stale is 412 and changes nothing; current and * proceed") {
  Note n = store.create({"t", "b", {}});
  store.update(n.id, {.title = "t2"}, std::nullopt);  // now revision 2
  for (const char* stale : {"\"1-1\"", "W/\"1-2\"", "\"2-2\""}) {
    CAPTURE(stale);
    auto f = failure_of([&] { store.update(n.id, {.title = "lost"}, std::string(stale)); });
    CHECK(f.status == 412);
    CHECK(f.message == "note 1 was changed by someone else");
    CHECK(f.details == nlohmann::json{{"etag", "\"1-2\""}});
    f = failure_of([&] { store.replace(n.id, {"lost", "", {}}, std::string(stale)); });
    CHECK(f.status == 412);
    f = failure_of([&] { store.remove(n.id, std::string(stale)); });
    CHECK(f.status == 412);
  }
  auto unchanged = store.find(n.id);
  REQUIRE(unchanged);
  CHECK(unchanged->fields.title == "t2");
  CHECK(unchanged->revision == 2);

  CHECK(store.update(n.id, {.title = "t3"}, std::string("\"1-2\"")).revision == 3);
  CHECK(store.replace(n.id, {"t4", "", {}}, std::string("*")).revision == 4);
  store.remove(n.id, std::string("\"1-4\""));
  CHECK_FALSE(store.find(n.id));
}

TEST_CASE_FIXTURE(StoreFixture, "an unknown id is 404 for every write, If-Match or not") {
  for (const std::optional<std::string>& condition :
       {std::optional<std::string>{}, std::optional<std::string>{"*"}}) {
    auto f = failure_of([&] { store.update(9, {.title = "x"}, condition); });
    CHECK(f.status == 404);
    CHECK(f.message == "note 9 not found");
    CHECK(failure_of([&] { store.replace(9, {"x", "", {}}, condition); }).status == 404);
    CHECK(failure_of([&] { store.remove(9, condition); }).status == 404);
  }
  CHECK(store.list({}).notes.empty());
}

TEST_CASE_FIXTURE(StoreFixture, "ids are never reused, even after deleting the newest note") {
  store.create({"a", "", {}});
  Note b = store.create({"b", "", {}});
  store.remove(b.id, std::nullopt);
  CHECK(store.create({"c", "", {}}).id == 3);
}

TEST_CASE_FIXTURE(StoreFixture, "SQL metacharacters and unicode are stored verbatim") {
  const std::string evil = "'); DROP TABLE notes; --";
  Note n = store.create({evil, "\"; DELETE FROM notes WHERE 1=1; --", {evil, "日本語", "😀"}});
  auto back = store.find(n.id);
  REQUIRE(back);
  CHECK(back->fields.title == evil);
  CHECK(back->fields.body == "\"; DELETE FROM notes WHERE 1=1; --");
  CHECK(back->fields.tags == std::vector<std::string>{evil, "日本語", "😀"});
  CHECK(titles_matching(store, "DROP TABLE") == std::vector<std::string>{evil});
  CHECK(storage.columns("notes").size() == 7);
}
