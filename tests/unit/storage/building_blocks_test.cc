// The pure pieces: checksum, trailing-SQL detection, backup names, the authorizer policy, the
// statement cache, the reentrancy scope.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>

#include "storage/authorizer.h"
#include "storage/backup.h"
#include "storage/callback_scope.h"
#include "storage/checksum.h"
#include "storage/statement.h"
#include "storage/statement_cache.h"

using namespace berth::storage;

TEST_CASE("fnv1a64_hex matches the published FNV-1a 64 test vectors") {
  CHECK(fnv1a64_hex("") == "cbf29ce484222325");
  CHECK(fnv1a64_hex("a") == "af63dc4c8601ec8c");
  CHECK(fnv1a64_hex("foobar") == "85944171f73967e8");
}

TEST_CASE("remaining_sql ignores blanks, semicolons and comments only") {
  CHECK(remaining_sql("") == "");
  CHECK(remaining_sql(" ;\n -- note\n /* block */ ; ") == "");
  CHECK(remaining_sql("; INSERT INTO t VALUES (1);  ") == "INSERT INTO t VALUES (1);");
  CHECK(remaining_sql("-- x\nSELECT 1") == "SELECT 1");
  CHECK(remaining_sql("/* unterminated") == "");
}

TEST_CASE("backup file names carry the version and a sortable UTC timestamp") {
  using namespace std::chrono;
  system_clock::time_point t =
      sys_days{year{2024} / 1 / 2} + hours(3) + minutes(4) + seconds(5) + milliseconds(678);
  CHECK(backup_file_name("notes", 7, t) == "notes-v7-20240102T030405678Z.db");

  auto parsed = parse_backup_name("my-v2-db-v12-20240102T030405678Z.db", "my-v2-db");
  REQUIRE(parsed);
  CHECK(parsed->version == 12);
  CHECK(parsed->timestamp == "20240102T030405678Z");
  CHECK_FALSE(parse_backup_name("other-v1-20240102T030405678Z.db", "notes"));
  CHECK_FALSE(parse_backup_name("notes-v1-20240102T030405678Z.db.partial", "notes"));
  CHECK_FALSE(parse_backup_name("notes-vx-20240102T030405678Z.db", "notes"));
  CHECK_FALSE(parse_backup_name("notes-v1-2024010xT030405678Z.db", "notes"));
  CHECK_FALSE(parse_backup_name("notes.db", "notes"));
}

TEST_CASE("the authorizer policy") {
  CHECK(plugin_denial(SQLITE_ATTACH, "x.db", nullptr) ==
        "ATTACH and DETACH are not allowed: a plugin's SQL reaches only its own database");
  CHECK_FALSE(plugin_denial(SQLITE_DETACH, "x", nullptr).empty());
  CHECK_FALSE(plugin_denial(SQLITE_TRANSACTION, "COMMIT", nullptr).empty());
  CHECK(plugin_denial(SQLITE_SAVEPOINT, "BEGIN", "mine").empty());
  CHECK(plugin_denial(SQLITE_SAVEPOINT, "RELEASE", "BERTH_W") ==
        "savepoint berth_w belongs to the host");
  CHECK(plugin_denial(SQLITE_PRAGMA, "journal_mode", nullptr).empty());
  CHECK(plugin_denial(SQLITE_PRAGMA, "Journal_Mode", "delete") ==
        "PRAGMA journal_mode is set by the host and cannot be changed");
  CHECK_FALSE(plugin_denial(SQLITE_PRAGMA, "synchronous", "OFF").empty());
  CHECK_FALSE(plugin_denial(SQLITE_PRAGMA, "query_only", "0").empty());
  CHECK_FALSE(plugin_denial(SQLITE_PRAGMA, "wal_checkpoint", nullptr).empty());
  CHECK(plugin_denial(SQLITE_PRAGMA, "user_version", "3").empty());
  CHECK(plugin_denial(SQLITE_PRAGMA, "table_info", "notes").empty());
  CHECK(plugin_denial(SQLITE_FUNCTION, nullptr, "load_extension") ==
        "load_extension() is not allowed");
  CHECK(plugin_denial(SQLITE_FUNCTION, nullptr, "upper").empty());
  CHECK(plugin_denial(SQLITE_INSERT, "_berth_migrations", nullptr) ==
        "tables named _berth_* belong to the host (_berth_migrations)");
  CHECK_FALSE(plugin_denial(SQLITE_CREATE_TRIGGER, "t", "_berth_migrations").empty());
  CHECK_FALSE(plugin_denial(SQLITE_ALTER_TABLE, "main", "_berth_migrations").empty());
  CHECK(plugin_denial(SQLITE_READ, "_berth_migrations", "version").empty());
  CHECK(plugin_denial(SQLITE_INSERT, "notes", nullptr).empty());
}

TEST_CASE("the statement cache evicts the least recently used statement") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  auto prepare = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
    return StatementPtr(stmt);
  };
  {
    StatementCache cache(2);
    auto* one = cache.insert("SELECT 1", prepare("SELECT 1"));
    cache.insert("SELECT 2", prepare("SELECT 2"));
    CHECK(cache.find("SELECT 1") == one);  // now the most recent
    cache.insert("SELECT 3", prepare("SELECT 3"));
    CHECK(cache.size() == 2);
    CHECK(cache.find("SELECT 2") == nullptr);
    CHECK(cache.find("SELECT 1") == one);
    CHECK(cache.find("SELECT 3") != nullptr);
  }
  CHECK(sqlite3_close(db) == SQLITE_OK);  // every statement was finalized
}

TEST_CASE("CallbackScope is per owner, per thread, and nests") {
  int a = 0, b = 0;
  CHECK_FALSE(CallbackScope::active(&a));
  {
    CallbackScope outer(&a);
    {
      CallbackScope inner(&b);
      CHECK(CallbackScope::active(&a));
      CHECK(CallbackScope::active(&b));
    }
    CHECK(CallbackScope::active(&a));
    CHECK_FALSE(CallbackScope::active(&b));
  }
  CHECK_FALSE(CallbackScope::active(&a));
}
