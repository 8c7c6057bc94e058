// A plugin's SQL stays inside its own database and cannot undo the host's settings.
#include <doctest/doctest.h>

#include "storage_test_util.h"

using namespace berth;
using namespace berth::storage;
using namespace berth::storage::test;
using berth::test::TempDir;

namespace {

const std::string kAttachDenied =
    "not authorized: ATTACH and DETACH are not allowed: a plugin's SQL reaches only its own "
    "database";
const std::string kReentry =
    "write() called inside read()/write() on the same storage: it would wait for itself";

struct Fixture {
  TempDir dir;
  std::unique_ptr<Database> db = open_db(dir / "p.db");
  Storage& s = *db;
  Fixture() { s.migrate({{1, "CREATE TABLE notes(id INTEGER PRIMARY KEY, title TEXT)"}}); }
};

}  // namespace

TEST_CASE("ATTACH is denied everywhere and creates no file") {
  Fixture f;
  auto other = (f.dir / "other.db").string();
  CHECK(storage_error([&] {
          f.s.write([&](Db& d) { d.exec("ATTACH DATABASE ? AS other", {other}); });
        }) == kAttachDenied);
  CHECK(storage_error([&] { f.s.read([&](Db& d) { d.exec("ATTACH '" + other + "' AS o"); }); }) ==
        kAttachDenied);
  CHECK(storage_error([&] {
          f.s.write([&](Db& d) { d.exec_script("SELECT 1; ATTACH '" + other + "' AS o;"); });
        }) == kAttachDenied);
  CHECK(storage_error([&] {
          f.s.migrate({{1,
                        "CREATE TABLE notes(id INTEGER PRIMARY KEY, title "
                        "TEXT)"},
                       {2, "ATTACH '" + other + "' AS o"}});
        }) == "migration 2 failed: " + kAttachDenied);
  CHECK_FALSE(std::filesystem::exists(other));
}

TEST_CASE("host pragmas can be read but not changed") {
  Fixture f;
  CHECK(storage_error([&] { f.s.write([](Db& d) { d.exec("PRAGMA journal_mode=DELETE"); }); }) ==
        "not authorized: PRAGMA journal_mode is set by the host and cannot be changed");
  CHECK(storage_error([&] { f.s.write([](Db& d) { d.exec("PRAGMA synchronous=OFF"); }); }) ==
        "not authorized: PRAGMA synchronous is set by the host and cannot be changed");
  CHECK(storage_error([&] { f.s.read([](Db& d) { d.exec("PRAGMA query_only=0"); }); }) ==
        "not authorized: PRAGMA query_only is set by the host and cannot be changed");
  CHECK(f.s.read([](Db& d) { return d.query_one("PRAGMA query_only")->at("query_only"); }) == 1);
  CHECK(f.s.write([](Db& d) { return d.query_one("PRAGMA journal_mode")->at("journal_mode"); }) ==
        "wal");
  // Pragmas that are the plugin's own business stay usable.
  f.s.write([](Db& d) { d.exec("PRAGMA user_version = 7"); });
  CHECK(f.s.read([](Db& d) { return d.query_one("PRAGMA user_version")->at("user_version"); }) ==
        7);
}

TEST_CASE("transactions belong to the host; plugin savepoints nest inside") {
  Fixture f;
  CHECK(storage_error([&] { f.s.write([](Db& d) { d.exec("COMMIT"); }); }) ==
        "not authorized: BEGIN, COMMIT and ROLLBACK are not allowed: read() and write() already "
        "run in a transaction (use SAVEPOINT to nest)");
  CHECK(storage_error([&] { f.s.write([](Db& d) { d.exec("RELEASE berth_w"); }); }) ==
        "not authorized: savepoint berth_w belongs to the host");
  f.s.write([](Db& d) {
    d.exec("INSERT INTO notes(title) VALUES ('kept')");
    d.exec("SAVEPOINT mine");
    d.exec("INSERT INTO notes(title) VALUES ('undone')");
    d.exec("ROLLBACK TO mine");
    d.exec("RELEASE mine");
  });
  CHECK(f.s.read([](Db& d) { return d.query("SELECT title FROM notes"); }) ==
        std::vector<Row>{{{"title", "kept"}}});
  // A savepoint left open is released with the write.
  f.s.write([](Db& d) {
    d.exec("SAVEPOINT dangling");
    d.exec("INSERT INTO notes(title) VALUES ('also kept')");
  });
  CHECK(count_rows(f.s, "notes") == 2);
}

TEST_CASE("extensions cannot be loaded") {
  Fixture f;
  CHECK(storage_error([&] {
          f.s.read([](Db& d) { d.query("SELECT load_extension('/tmp/evil.so')"); });
        }) == "not authorized: load_extension() is not allowed");
}

TEST_CASE("read() cannot change data") {
  Fixture f;
  CHECK(storage_error([&] {
          f.s.read([](Db& d) { d.exec("INSERT INTO notes(title) VALUES ('no')"); });
        }) == "attempt to write a readonly database (read() cannot change data: use write())");
  CHECK(storage_error([&] { f.s.read([](Db& d) { d.exec_script("CREATE TABLE t(x)"); }); }) ==
        "attempt to write a readonly database (read() cannot change data: use write())");
  CHECK(count_rows(f.s, "notes") == 0);
}

TEST_CASE("write() inside read() or write() fails instead of deadlocking") {
  Fixture f;
  CHECK(storage_error([&] { f.s.read([&](Db&) { f.s.write([](Db&) {}); }); }) == kReentry);
  CHECK(storage_error([&] {
          f.s.write([&](Db& d) {
            d.exec("INSERT INTO notes(title) VALUES ('outer')");
            f.s.write([](Db& inner) { inner.exec("INSERT INTO notes(title) VALUES ('inner')"); });
          });
        }) == kReentry);
  CHECK(count_rows(f.s, "notes") == 0);  // the outer write failed with it
  CHECK(storage_error([&] { f.s.read([&](Db&) { f.s.set_durability(Durability::normal); }); }) ==
        "set_durability() called inside read()/write() on the same storage: it would wait for "
        "itself");
  // Another storage is fine, and so is a read inside a write (it sees the last commit).
  TempDir dir2;
  auto other = open_db(dir2 / "q.db");
  f.s.read([&](Db&) { other->write([](Db& d) { d.exec("CREATE TABLE t(x)"); }); });
  auto seen = f.s.write([&](Db& d) {
    d.exec("INSERT INTO notes(title) VALUES ('pending')");
    return count_rows(f.s, "notes");
  });
  CHECK(seen == 0);
  CHECK(count_rows(f.s, "notes") == 1);
}
