#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "storage/backup.h"
#include "storage/checksum.h"
#include "storage_test_util.h"

using namespace berth;
using namespace berth::storage;
using namespace berth::storage::test;
using berth::test::TempDir;

namespace {

const std::string kV1 = "CREATE TABLE notes(id INTEGER PRIMARY KEY, title TEXT NOT NULL)";
const std::string kV2 = "ALTER TABLE notes ADD COLUMN tags TEXT";
const std::string kV3 = "CREATE INDEX notes_title ON notes(title)";

std::vector<nlohmann::json> applied(Storage& s) {
  return s.read([](Db& db) {
    return db.query("SELECT version, checksum FROM _berth_migrations ORDER BY version");
  });
}

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool has_column(Storage& s, const std::string& table, const std::string& column) {
  auto cols = s.read([&](Db& db) { return db.query("PRAGMA table_info(" + table + ")"); });
  return std::any_of(cols.begin(), cols.end(), [&](const auto& c) { return c["name"] == column; });
}

}  // namespace

TEST_CASE("a fresh database gets every migration, recorded with its checksum, and no backup") {
  TempDir dir;
  auto db = open_db(dir / "data/plugins/notes.db");  // parent dirs are created
  Storage& s = *db;
  s.migrate({{1, kV1}, {2, kV2}});
  auto rows = applied(s);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == nlohmann::json{{"version", 1}, {"checksum", fnv1a64_hex(kV1)}});
  CHECK(rows[1] == nlohmann::json{{"version", 2}, {"checksum", fnv1a64_hex(kV2)}});
  CHECK(has_column(s, "notes", "tags"));
  auto at = s.read([](Db& db) {
    return db.query_one("SELECT applied_at FROM _berth_migrations WHERE version = 1")
        ->at("applied_at")
        .get<std::string>();
  });
  CHECK(at.size() == 24);  // 2024-01-02T03:04:05.678Z
  CHECK(at.back() == 'Z');
  CHECK(files_in(dir / "data/plugins/backups").empty());

  s.migrate({{1, kV1}, {2, kV2}});  // idempotent
  CHECK(applied(s).size() == 2);
}

TEST_CASE("upgrading keeps the data and takes a backup of the previous version first") {
  TempDir dir;
  {
    auto db = open_db(dir / "notes.db");
    db->migrate({{1, kV1}});
    db->write([](Db& d) { d.exec("INSERT INTO notes(title) VALUES ('kept')"); });
  }
  auto db = open_db(dir / "notes.db");
  db->migrate({{1, kV1}, {2, kV2}});
  CHECK(applied(*db).size() == 2);
  auto row = db->read([](Db& d) { return d.query_one("SELECT title, tags FROM notes"); });
  REQUIRE(row);
  CHECK(*row == nlohmann::json{{"title", "kept"}, {"tags", nullptr}});

  auto backups = files_in(dir / "backups");
  REQUIRE(backups.size() == 1);
  auto name = backups[0].filename().string();
  CHECK(name.rfind("notes-v1-", 0) == 0);
  CHECK(parse_backup_name(name, "notes"));
  // The backup is a usable database at version 1 holding the data.
  auto copy = open_db(backups[0]);
  CHECK(applied(*copy).size() == 1);
  CHECK(count_rows(*copy, "notes") == 1);
  CHECK_FALSE(has_column(*copy, "notes", "tags"));
}

TEST_CASE("a failing migration rolls back alone and leaves the previous version") {
  TempDir dir;
  auto db = open_db(dir / "notes.db");
  Storage& s = *db;
  auto error = storage_error([&] {
    s.migrate(
        {{1, kV1}, {2, "CREATE TABLE tags(name TEXT); INSERT INTO missing VALUES (1)"}, {3, kV3}});
  });
  CHECK(error == "migration 2 failed: no such table: missing");
  auto rows = applied(s);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["version"] == 1);
  auto tags = s.read([](Db& d) {
    return d.query("SELECT name FROM sqlite_master WHERE name IN ('tags', 'notes_title')");
  });
  CHECK(tags.empty());

  // Fixing migration 2 (never applied, so it may change) lets the database move on.
  s.migrate({{1, kV1}, {2, "CREATE TABLE tags(name TEXT)"}, {3, kV3}});
  CHECK(applied(s).size() == 3);
}

TEST_CASE("a database newer than the plugin is refused and left byte for byte untouched") {
  TempDir dir;
  auto path = dir / "notes.db";
  {
    auto db = open_db(path);
    db->migrate({{1, kV1}, {2, kV2}, {3, kV3}});
    db->write([](Db& d) { d.exec("INSERT INTO notes(title) VALUES ('x')"); });
  }
  const std::string before = berth::test::read_file(path);
  {
    auto db = open_db(path);
    auto error = storage_error([&] { db->migrate({{1, kV1}, {2, kV2}}); });
    CHECK(error == "database " + path.string() +
                       " is at migration 3, newer than this plugin's latest (2): refusing to "
                       "downgrade; the database is left untouched");
  }
  CHECK(berth::test::read_file(path) == before);
  CHECK(files_in(dir / "backups").empty());
}

TEST_CASE("an applied migration whose text changed is refused") {
  TempDir dir;
  auto path = dir / "notes.db";
  open_db(path)->migrate({{1, kV1}});
  const std::string changed = kV1 + ", body TEXT";
  auto db = open_db(path);
  auto error = storage_error([&] { db->migrate({{1, changed}, {2, kV2}}); });
  CHECK(error == "migration 1 was applied with checksum " + fnv1a64_hex(kV1) +
                     ", but the plugin now declares " + fnv1a64_hex(changed) +
                     ": migrations must not change once applied; add a new one");
  CHECK(applied(*db).size() == 1);
  CHECK_FALSE(has_column(*db, "notes", "tags"));
}

TEST_CASE("removing an applied migration, or inserting one below the latest, is refused") {
  TempDir dir;
  auto path = dir / "notes.db";
  open_db(path)->migrate({{1, kV1}, {3, kV3}});
  auto db = open_db(path);
  CHECK(storage_error([&] {
          db->migrate({{3, kV3}});
        }) == "migration 1 was applied to database " + path.string() +
                  " but is no longer declared: migrations must not be removed once applied");
  CHECK(storage_error([&] {
          db->migrate({{1, kV1}, {2, kV2}, {3, kV3}});
        }) == "migration 2 was never applied, but database " + path.string() +
                  " is already at migration 3: new migrations need versions above 3");
}

TEST_CASE("the declared list is validated before anything is touched") {
  TempDir dir;
  auto db = open_db(dir / "notes.db");
  Storage& s = *db;
  CHECK(storage_error([&] { s.migrate({{0, kV1}}); }) == "migration 0: versions start at 1");
  CHECK(storage_error([&] {
          s.migrate({{1, kV1}, {1, kV2}});
        }) == "migration 1 follows migration 1: versions must be strictly ascending");
  CHECK(storage_error([&] {
          s.migrate({{2, kV1}, {1, kV2}});
        }) == "migration 1 follows migration 2: versions must be strictly ascending");
  CHECK(storage_error([&] { s.migrate({{1, ""}}); }) == "migration 1 has neither sql nor apply");
  CHECK(storage_error([&] {
          s.migrate({Migration{1, kV1, [](Db&) {}, "x"}});
        }) == "migration 1 has both sql and apply: give one");
  auto tables = s.read([](Db& d) { return d.query("SELECT name FROM sqlite_master"); });
  CHECK(tables.empty());
}

TEST_CASE("a callable migration runs, is checksummed by checksum_text, and can fail") {
  TempDir dir;
  auto path = dir / "notes.db";
  auto seed = [](Db& d) {
    d.exec_script(kV1);
    for (int i = 0; i < 3; ++i)
      d.exec("INSERT INTO notes(title) VALUES (?)", {std::to_string(100 + i)});
  };
  {
    auto db = open_db(path);
    db->migrate({Migration{1, "", seed, "seed notes v1"}});
    CHECK(count_rows(*db, "notes") == 3);
    CHECK(applied(*db)[0]["checksum"] == fnv1a64_hex("seed notes v1"));
  }
  auto db = open_db(path);
  CHECK(storage_error([&] {
          db->migrate({Migration{1, "", seed, "seed notes v2"}});
        }) == "migration 1 was applied with checksum " + fnv1a64_hex("seed notes v1") +
                  ", but the plugin now declares " + fnv1a64_hex("seed notes v2") +
                  ": migrations must not change once applied; add a new one");

  auto failing = [](Db& d) {
    d.exec("INSERT INTO notes(title) VALUES ('half')");
    throw std::runtime_error("cannot convert note 7");
  };
  CHECK(storage_error([&] {
          db->migrate({Migration{1, "", seed, "seed notes v1"}, Migration{2, "", failing, "f"}});
        }) == "migration 2 failed: cannot convert note 7");
  CHECK(count_rows(*db, "notes") == 3);
  CHECK(applied(*db).size() == 1);
}

TEST_CASE("backups are pruned to the newest keep_backups") {
  TempDir dir;
  auto path = dir / "notes.db";
  std::vector<Migration> migrations{{1, kV1}};
  const std::vector<std::string> more{kV2, kV3, "CREATE TABLE a(x)", "CREATE TABLE b(x)"};
  for (std::size_t i = 0; i <= more.size(); ++i) {
    auto options = options_for(path);
    options.keep_backups = 2;
    Database db(options);
    if (i > 0) migrations.push_back({static_cast<int>(i) + 1, more[i - 1]});
    db.migrate(migrations);
  }
  // Upgrades from v1, v2, v3 and v4 each took a backup; the two newest remain.
  auto backups = files_in(dir / "backups");
  REQUIRE(backups.size() == 2);
  std::vector<int> versions;
  for (const auto& b : backups)
    versions.push_back(parse_backup_name(b.filename(), "notes")->version);
  std::sort(versions.begin(), versions.end());
  CHECK(versions == std::vector<int>{3, 4});
}

TEST_CASE("keep_backups = 0 takes no backup; backup_dir is configurable") {
  TempDir dir;
  auto path = dir / "notes.db";
  open_db(path)->migrate({{1, kV1}});
  {
    auto options = options_for(path);
    options.keep_backups = 0;
    Database(options).migrate({{1, kV1}, {2, kV2}});
  }
  CHECK(files_in(dir / "backups").empty());
  auto options = options_for(path);
  options.backup_dir = dir / "elsewhere";
  Database(options).migrate({{1, kV1}, {2, kV2}, {3, kV3}});
  CHECK(files_in(dir / "elsewhere").size() == 1);
}

TEST_CASE("migration scripts cannot manage transactions or touch _berth_migrations") {
  TempDir dir;
  auto db = open_db(dir / "notes.db");
  CHECK(storage_error([&] {
          db->migrate({{1, "BEGIN; CREATE TABLE t(x); COMMIT;"}});
        }) ==
        "migration 1 failed: not authorized: BEGIN, COMMIT and ROLLBACK are not allowed: read() "
        "and write() already run in a transaction (use SAVEPOINT to nest)");
  CHECK(storage_error([&] {
          db->migrate({{1, "DELETE FROM _berth_migrations"}});
        }) ==
        "migration 1 failed: not authorized: tables named _berth_* belong to the host "
        "(_berth_migrations)");
  db->migrate({{1, kV1}});
  CHECK(storage_error([&] {
          db->write([](Db& d) { d.exec("UPDATE _berth_migrations SET checksum = 'x'"); });
        }) == "not authorized: tables named _berth_* belong to the host (_berth_migrations)");
}

TEST_CASE("migrate() inside a write is refused instead of deadlocking") {
  TempDir dir;
  auto db = open_db(dir / "notes.db");
  Storage& s = *db;
  auto error = storage_error([&] { s.write([&](Db&) { s.migrate({{1, kV1}}); }); });
  CHECK(error ==
        "migrate() called inside read()/write() on the same storage: it would wait for "
        "itself");
}
