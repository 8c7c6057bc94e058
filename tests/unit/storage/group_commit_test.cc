// Group commit: concurrent writes share transactions, yet each behaves like its own.
#include <doctest/doctest.h>

#include <array>
#include <future>
#include <thread>
#include <vector>

#include "storage_test_util.h"

using namespace berth;
using namespace berth::storage;
using namespace berth::storage::test;
using berth::test::TempDir;

namespace {

const Migration kNotes{1, "CREATE TABLE notes(id INTEGER PRIMARY KEY, title TEXT UNIQUE)"};

// Runs `fn` on a thread; what it threw (or "ok") lands in `outcome`.
std::thread run_caught(std::string& outcome, std::function<void()> fn) {
  return std::thread([&outcome, fn = std::move(fn)] {
    try {
      fn();
      outcome = "ok";
    } catch (const PluginFailure& e) {
      outcome = std::string("PluginFailure: ") + e.what();
    } catch (const StorageError& e) {
      outcome = e.what();
    }
  });
}

std::vector<std::string> titles(Storage& s) {
  auto rows = s.read([](Db& d) { return d.query("SELECT title FROM notes ORDER BY title"); });
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r["title"]);
  return out;
}

}  // namespace

TEST_CASE("32 concurrent writers share one commit; the one that throws rolls back alone") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate({kNotes});
  constexpr int kThreads = 32;
  constexpr int kThrower = 13;
  std::array<std::string, kThreads> outcomes;
  std::vector<std::thread> threads;
  {
    WriterHold hold(s);
    for (int i = 0; i < kThreads; ++i) {
      threads.push_back(run_caught(outcomes[i], [&s, i] {
        s.write([i](Db& d) {
          d.exec("INSERT INTO notes(title) VALUES (?)", {"note " + std::to_string(i)});
          if (i == kThrower) throw PluginFailure("writer 13 gives up");
        });
      }));
    }
    REQUIRE(eventually([&] { return db->queued_writes() == kThreads; }));
    hold.release();
    for (auto& t : threads) t.join();
  }
  for (int i = 0; i < kThreads; ++i) {
    CAPTURE(i);
    CHECK(outcomes[i] == (i == kThrower ? "PluginFailure: writer 13 gives up" : "ok"));
  }
  auto rows = titles(s);
  CHECK(rows.size() == kThreads - 1);
  CHECK(std::find(rows.begin(), rows.end(), "note 13") == rows.end());
  CHECK(std::find(rows.begin(), rows.end(), "note 12") != rows.end());
  auto st = db->stats();
  CHECK(st.writes == kThreads + 1);  // + the hold
  CHECK(st.batches == 2);            // the hold's, then all 32 together
  CHECK(st.batches < st.writes);
  CHECK(st.failed_writes == 1);
}

TEST_CASE("free-running concurrent writers all commit") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate({kNotes});
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&s, t] {
      for (int i = 0; i < 20; ++i) {
        s.write([&](Db& d) {
          d.exec("INSERT INTO notes(title) VALUES (?)",
                 {std::to_string(t) + "-" + std::to_string(i)});
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(count_rows(s, "notes") == 320);
  auto st = db->stats();
  CHECK(st.writes == 320);
  CHECK(st.failed_writes == 0);
  CHECK(st.batches <= st.writes);
}

TEST_CASE("a batch holds at most max_batch writes") {
  TempDir dir;
  auto options = options_for(dir / "p.db");
  options.max_batch = 4;
  Database db(options);
  Storage& s = db;
  s.migrate({kNotes});
  std::vector<std::thread> threads;
  {
    WriterHold hold(s);
    for (int i = 0; i < 10; ++i) {
      threads.emplace_back(
          [&s, i] { s.write([i](Db& d) { d.exec("INSERT INTO notes(title) VALUES (?)", {i}); }); });
    }
    REQUIRE(eventually([&] { return db.queued_writes() == 10; }));
    hold.release();
    for (auto& t : threads) t.join();
  }
  CHECK(count_rows(s, "notes") == 10);
  CHECK(db.stats().batches == 1 + 3);  // the hold, then 4 + 4 + 2
}

TEST_CASE("when COMMIT fails, every caller of the batch gets the error and nothing is applied") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate({{1,
              "CREATE TABLE parent(id INTEGER PRIMARY KEY);"
              "CREATE TABLE child(parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY "
              "DEFERRED)"}});
  std::array<std::string, 3> outcomes;
  std::vector<std::thread> threads;
  {
    WriterHold hold(s);
    threads.push_back(run_caught(
        outcomes[0], [&] { s.write([](Db& d) { d.exec("INSERT INTO parent VALUES (1)"); }); }));
    // Deferred: this violation is only detected by COMMIT, for the whole batch.
    threads.push_back(run_caught(
        outcomes[1], [&] { s.write([](Db& d) { d.exec("INSERT INTO child VALUES (99)"); }); }));
    threads.push_back(run_caught(
        outcomes[2], [&] { s.write([](Db& d) { d.exec("INSERT INTO parent VALUES (2)"); }); }));
    REQUIRE(eventually([&] { return db->queued_writes() == 3; }));
    hold.release();
    for (auto& t : threads) t.join();
  }
  for (const auto& o : outcomes) CHECK(o == "commit failed: FOREIGN KEY constraint failed");
  CHECK(count_rows(s, "parent") == 0);
  CHECK(count_rows(s, "child") == 0);
  CHECK(db->stats().failed_writes == 3);
  s.write([](Db& d) { d.exec("INSERT INTO parent VALUES (3)"); });  // the writer recovered
  CHECK(count_rows(s, "parent") == 1);
}

TEST_CASE("a write that makes SQLite end the transaction fails the earlier writes of its batch") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate({kNotes});
  s.write([](Db& d) { d.exec("INSERT INTO notes(title) VALUES ('dup')"); });
  std::array<std::string, 3> outcomes;
  std::vector<std::thread> threads;
  {
    WriterHold hold(s);
    // Queued one after the other, so the batch runs them in this order.
    threads.push_back(run_caught(outcomes[0], [&] {
      s.write([](Db& d) { d.exec("INSERT INTO notes(title) VALUES ('a')"); });
    }));
    REQUIRE(eventually([&] { return db->queued_writes() == 1; }));
    threads.push_back(run_caught(outcomes[1], [&] {
      s.write([](Db& d) { d.exec("INSERT OR ROLLBACK INTO notes(title) VALUES ('dup')"); });
    }));
    REQUIRE(eventually([&] { return db->queued_writes() == 2; }));
    threads.push_back(run_caught(outcomes[2], [&] {
      s.write([](Db& d) { d.exec("INSERT INTO notes(title) VALUES ('c')"); });
    }));
    REQUIRE(eventually([&] { return db->queued_writes() == 3; }));
    hold.release();
    for (auto& t : threads) t.join();
  }
  CHECK(outcomes[0] ==
        "the write was rolled back with its batch, which a later write in it ended: UNIQUE "
        "constraint failed: notes.title");
  CHECK(outcomes[1] == "UNIQUE constraint failed: notes.title");
  CHECK(outcomes[2] == "ok");
  CHECK(titles(s) == std::vector<std::string>{"c", "dup"});
}

TEST_CASE("a read during a long write completes without waiting for it") {
  TempDir dir;
  auto db = open_db(dir / "p.db");
  Storage& s = *db;
  s.migrate({kNotes});
  std::promise<void> entered;
  std::promise<void> read_done;
  std::future_status status = std::future_status::deferred;
  std::thread writer([&] {
    s.write([&](Db& d) {
      d.exec("INSERT INTO notes(title) VALUES ('uncommitted')");
      entered.set_value();
      // If reads waited for the writer, this would time out.
      status = read_done.get_future().wait_for(std::chrono::seconds(20));
    });
  });
  entered.get_future().wait();
  auto seen = count_rows(s, "notes");
  read_done.set_value();
  writer.join();
  CHECK(status == std::future_status::ready);
  CHECK(seen == 0);  // the snapshot predates the uncommitted insert
  CHECK(count_rows(s, "notes") == 1);
}

TEST_CASE("closing the database finishes the writes still queued") {
  TempDir dir;
  auto path = dir / "p.db";
  auto db = open_db(path);
  db->migrate({kNotes});
  std::array<std::string, 5> outcomes;
  std::vector<std::thread> threads;
  {
    WriterHold hold(*db);
    for (int i = 0; i < 5; ++i) {
      threads.push_back(run_caught(outcomes[i], [&, i] {
        db->write([i](Db& d) { d.exec("INSERT INTO notes(title) VALUES (?)", {i}); });
      }));
    }
    REQUIRE(eventually([&] { return db->queued_writes() == 5; }));
    hold.release();
    db.reset();  // drains the queue before closing
  }
  for (auto& t : threads) t.join();
  for (const auto& o : outcomes) CHECK(o == "ok");
  CHECK(count_rows(*open_db(path), "notes") == 5);
}
