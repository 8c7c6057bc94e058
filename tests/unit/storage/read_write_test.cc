#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <thread>

#include "storage_test_util.h"

using namespace berth;
using namespace berth::storage;
using namespace berth::storage::test;
using berth::test::TempDir;

namespace {

const std::vector<Migration> kSchema{
    {1,
     "CREATE TABLE notes(id INTEGER PRIMARY KEY, title TEXT NOT NULL UNIQUE, body TEXT);"
     "CREATE TABLE vals(i INTEGER, r REAL, t TEXT, n TEXT, b BLOB)"}};

}  // namespace

TEST_CASE("every value type round-trips, NULL included") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate(kSchema);
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  std::optional<int> none;
  auto changed = s.write([&](Db& d) {
    return d.exec("INSERT INTO vals VALUES (?, ?, ?, ?, x'00ff41')", {big, 2.5, "héllo", none});
  });
  CHECK(changed == 1);
  s.write([](Db& d) {
    d.exec("INSERT INTO vals VALUES (?, ?, ?, ?, NULL)", {true, -0.125, "", 7});
  });

  auto rows = s.read([](Db& d) { return d.query("SELECT * FROM vals ORDER BY rowid"); });
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["i"].is_number_integer());
  CHECK(rows[0]["i"].get<std::int64_t>() == big);
  CHECK(rows[0]["r"].is_number_float());
  CHECK(rows[0]["r"].get<double>() == 2.5);
  CHECK(rows[0]["t"] == "héllo");
  CHECK(rows[0]["n"].is_null());
  CHECK(rows[0]["b"] == std::string("\x00\xff"
                                    "A",
                                    3));
  CHECK(rows[1] == nlohmann::json{{"i", 1}, {"r", -0.125}, {"t", ""}, {"n", "7"}, {"b", nullptr}});
  auto types = s.read([](Db& d) {
    return d.query_one(
        "SELECT typeof(i) AS i, typeof(r) AS r, typeof(t) AS t, typeof(n) AS n, "
        "typeof(b) AS b FROM vals ORDER BY rowid LIMIT 1");
  });
  CHECK(
      *types ==
      nlohmann::json{{"i", "integer"}, {"r", "real"}, {"t", "text"}, {"n", "null"}, {"b", "blob"}});
}

TEST_CASE("exec counts changed rows, last_insert_id comes from the connection") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate(kSchema);
  auto ids = s.write([](Db& d) {
    d.exec("INSERT INTO notes(title) VALUES ('a')");
    auto first = d.last_insert_id();
    d.exec("INSERT INTO notes(title) VALUES ('b')");
    return std::make_pair(first, d.last_insert_id());
  });
  CHECK(ids == std::make_pair(std::int64_t{1}, std::int64_t{2}));
  CHECK(s.write([](Db& d) { return d.exec("UPDATE notes SET body = 'x'"); }) == 2);
  CHECK(s.write([](Db& d) { return d.exec("UPDATE notes SET body = 'y' WHERE id = 99"); }) == 0);
  // Not the 2 of the UPDATE before it:
  CHECK(s.write([](Db& d) { return d.exec("SELECT * FROM notes"); }) == 0);
  CHECK(s.write([](Db& d) { return d.exec("CREATE TABLE later(x)"); }) == 0);
  CHECK_FALSE(s.read([](Db& d) { return d.query_one("SELECT * FROM notes WHERE id = 42"); }));
}

TEST_CASE("a write that throws leaves no trace and its exception reaches the caller") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate(kSchema);
  CHECK_THROWS_AS(s.write([](Db& d) {
    d.exec("INSERT INTO notes(title) VALUES ('ghost')");
    d.exec("UPDATE notes SET body = 'boo'");
    throw PluginFailure("changed my mind");
  }),
                  PluginFailure);
  CHECK(count_rows(s, "notes") == 0);
  s.write([](Db& d) { d.exec("INSERT INTO notes(title) VALUES ('real')"); });
  CHECK(count_rows(s, "notes") == 1);
  auto st = db->stats();
  CHECK(st.failed_writes == 1);
}

TEST_CASE("SQL errors carry SQLite's message") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate(kSchema);
  s.write([](Db& d) { d.exec("INSERT INTO notes(title) VALUES ('dup')"); });
  CHECK(storage_error([&] {
          s.write([](Db& d) { d.exec("INSERT INTO notes(title) VALUES ('dup')"); });
        }) == "UNIQUE constraint failed: notes.title");
  CHECK(storage_error([&] { s.read([](Db& d) { d.query("SELEC 1"); }); }) ==
        "near \"SELEC\": syntax error");
  CHECK(storage_error([&] {
          s.read([](Db& d) { d.query("SELECT ?", {1, 2}); });
        }) == "the statement has 1 parameter(s) but 2 value(s) were given");
  CHECK(storage_error([&] { s.read([](Db& d) { d.query("  -- nothing\n"); }); }) ==
        "no SQL statement given (only blanks or comments)");
  // A caught statement error does not poison the rest of the write.
  s.write([](Db& d) {
    try {
      d.exec("INSERT INTO notes(title) VALUES ('dup')");
    } catch (const StorageError&) {
      d.exec("INSERT INTO notes(title) VALUES ('dup 2')");
    }
  });
  CHECK(count_rows(s, "notes") == 2);
}

TEST_CASE("exec and query take exactly one statement; exec_script takes several") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate(kSchema);
  CHECK(storage_error([&] {
          s.write([](Db& d) {
            d.exec("INSERT INTO notes(title) VALUES ('a'); INSERT INTO notes(title) VALUES ('b')");
          });
        }) ==
        "exec() and query() run one statement, but SQL follows the first one: \"INSERT INTO "
        "notes(title) VALUES ('b')\" (use exec_script() for several)");
  CHECK(count_rows(s, "notes") == 0);
  // Trailing blanks, semicolons and comments are fine.
  s.write([](Db& d) { d.exec("INSERT INTO notes(title) VALUES ('a'); -- done\n"); });
  s.write([](Db& d) {
    d.exec_script("INSERT INTO notes(title) VALUES ('b'); INSERT INTO notes(title) VALUES ('c');");
  });
  CHECK(count_rows(s, "notes") == 3);
}

TEST_CASE("prepared statements are reused across calls") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate(kSchema);
  s.write([](Db& d) { d.exec("INSERT INTO notes(title) VALUES (?)", {"warm-up"}); });
  auto before = db->stats().statements_prepared;
  for (int i = 0; i < 50; ++i)
    s.write([&](Db& d) { d.exec("INSERT INTO notes(title) VALUES (?)", {std::to_string(i)}); });
  CHECK(db->stats().statements_prepared == before);
  s.write([](Db& d) { d.exec("DELETE FROM notes WHERE title = ?", {"3"}); });
  CHECK(db->stats().statements_prepared == before + 1);
  CHECK(count_rows(s, "notes") == 50);
}

TEST_CASE("data is durable across close and reopen") {
  TempDir dir;
  auto path = dir / "p.db";
  {
    auto db = open_db(path);
    db->migrate(kSchema);
    db->write([](Db& d) { d.exec("INSERT INTO notes(title, body) VALUES ('stays', 'here')"); });
  }
  auto db = open_db(path);
  db->migrate(kSchema);
  auto row = db->read([](Db& d) { return d.query_one("SELECT title, body FROM notes"); });
  REQUIRE(row);
  CHECK(*row == nlohmann::json{{"title", "stays"}, {"body", "here"}});
}

TEST_CASE("WAL, foreign keys and the durability setting") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  auto pragma = [&](const std::string& name) {
    return s.write([&](Db& d) { return d.query_one("PRAGMA " + name)->at(name); });
  };
  CHECK(s.read([](Db& d) { return d.query_one("PRAGMA journal_mode")->at("journal_mode"); }) ==
        "wal");
  CHECK(pragma("foreign_keys") == 1);
  CHECK(pragma("synchronous") == 2);  // FULL
  s.set_durability(Durability::normal);
  CHECK(pragma("synchronous") == 1);
  CHECK(db->durability() == Durability::normal);
  s.set_durability(Durability::full);
  CHECK(pragma("synchronous") == 2);

  auto options = options_for(dir / "q.db");
  options.durability = Durability::normal;
  Database normal(options);
  CHECK(normal.write([](Db& d) { return d.query_one("PRAGMA synchronous")->at("synchronous"); }) ==
        1);
  CHECK(normal.read([](Db& d) { return d.query_one("PRAGMA foreign_keys")->at("foreign_keys"); }) ==
        1);
}

TEST_CASE("a write waits up to the busy timeout for a lock another process holds, counting waits") {
  TempDir dir;
  auto options = options_for(dir / "p.db");
  options.busy_timeout = std::chrono::milliseconds(300);
  Database db(options);
  db.write([](Db& d) { d.exec("CREATE TABLE t(x)"); });
  CHECK(db.stats().busy_retries == 0);

  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open((dir / "p.db").c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  const auto start = std::chrono::steady_clock::now();
  const std::string error =
      storage_error([&] { db.write([](Db& d) { d.exec("INSERT INTO t VALUES (1)"); }); });
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(error.find("locked") != std::string::npos);
  CHECK(waited >= std::chrono::milliseconds(300));
  CHECK(waited < std::chrono::seconds(3));
  const auto retries = db.stats().busy_retries;
  CHECK(retries > 0);

  // Released within the timeout: the write waits for it and succeeds.
  std::thread release([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  db.write([](Db& d) { d.exec("INSERT INTO t VALUES (2)"); });
  release.join();
  sqlite3_close(other);
  CHECK(db.stats().busy_retries > retries);
  CHECK(db.read([](Db& d) { return d.query_one("SELECT count(*) AS n FROM t")->at("n"); }) == 1);
}

TEST_CASE("reads never wait for a reader connection: extra ones are opened, max_readers kept") {
  TempDir dir;
  auto options = options_for(dir / "p.db");
  options.max_readers = 1;
  Database db(options);
  Storage& s = db;
  // A pool that waited for a free connection would deadlock on the nested read.
  auto n = s.read([&](Db& outer) {
    auto inner = s.read([](Db& d) { return d.query_one("SELECT 41 AS n")->at("n").get<int>(); });
    return inner + outer.query_one("SELECT 1 AS n")->at("n").get<int>();
  });
  CHECK(n == 42);
  CHECK(db.idle_readers() == 1);
  CHECK(db.stats().reads == 2);
}

TEST_CASE("foreign keys are enforced") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate({{1,
              "CREATE TABLE parent(id INTEGER PRIMARY KEY);"
              "CREATE TABLE child(parent INTEGER REFERENCES parent(id))"}});
  CHECK(storage_error([&] { s.write([](Db& d) { d.exec("INSERT INTO child VALUES (5)"); }); }) ==
        "FOREIGN KEY constraint failed");
}

TEST_CASE("opening fails with the path and SQLite's reason") {
  TempDir dir;
  berth::test::write_file(dir / "junk.db", std::string(4096, 'x'));
  try {
    Database db(options_for(dir / "junk.db"));
    FAIL("opened a file that is not a database");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) ==
          "cannot open database " + (dir / "junk.db").string() + ": file is not a database");
  }
  berth::test::write_file(dir / "file", "x");
  try {
    Database db(options_for(dir / "file/sub/p.db"));
    FAIL("opened a database under a regular file");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).rfind("cannot open database " + (dir / "file/sub/p.db").string() +
                                          ": cannot create " + (dir / "file/sub").string() + ": ",
                                      0) == 0);
  }
  try {
    Database db(options_for(dir.path()));
    FAIL("opened a directory");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) ==
          "cannot open database " + dir.path().string() + ": unable to open database file");
  }
}
