// storage_bench [dir] [seconds]: N threads each inserting single rows, through group commit
// (Database::write) and through a naive baseline (one transaction per write on one connection
// behind a mutex, same pragmas). Prints a Markdown table.
#include <SQLiteCpp/SQLiteCpp.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "log/logger.h"
#include "storage/database.h"

namespace {

using Clock = std::chrono::steady_clock;
const char* kSchema = "CREATE TABLE events(id INTEGER PRIMARY KEY, thread INTEGER, payload TEXT)";
const char* kInsert = "INSERT INTO events(thread, payload) VALUES (?, ?)";

// Runs `insert(thread)` on `threads` threads for `seconds`; returns writes per second.
double measure(int threads, double seconds, const std::function<void(int)>& insert) {
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> done{0};
  std::vector<std::thread> pool;
  auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::uint64_t n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        insert(t);
        ++n;
      }
      done += n;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  return static_cast<double>(done.load()) / elapsed;
}

struct Grouped {
  double writes_per_second;
  double writes_per_batch;
};

Grouped group_commit(const std::filesystem::path& path, int threads, double seconds) {
  berth::storage::DatabaseOptions options;
  options.path = path;
  berth::storage::Database db(options);
  db.migrate({{1, kSchema}});
  auto before = db.stats();
  double rate = measure(threads, seconds, [&](int t) {
    db.write([&](berth::Db& d) { d.exec(kInsert, {t, "payload of a typical event row"}); });
  });
  auto after = db.stats();
  return {rate, static_cast<double>(after.writes - before.writes) /
                    static_cast<double>(after.batches - before.batches)};
}

double naive(const std::filesystem::path& path, int threads, double seconds) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("PRAGMA foreign_keys=ON");
  db.exec(kSchema);
  SQLite::Statement insert(db, kInsert);
  std::mutex mutex;
  return measure(threads, seconds, [&](int t) {
    std::lock_guard lock(mutex);
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    insert.bind(1, t);
    insert.bind(2, "payload of a typical event row");
    insert.exec();
    insert.reset();
    tx.commit();
  });
}

}  // namespace

int main(int argc, char** argv) {
  berth::log::set_level(berth::LogLevel::warn);
  std::string dir_template = "/tmp/berth-storage-bench-XXXXXX";
  std::filesystem::path dir = argc > 1 ? std::filesystem::path(argv[1])
                                       : std::filesystem::path(mkdtemp(dir_template.data()));
  double seconds = argc > 2 ? std::stod(argv[2]) : 2.0;
  std::filesystem::create_directories(dir);
  std::printf(
      "| threads | one transaction per write (writes/s) | group commit (writes/s) | ratio | "
      "writes per batch |\n");
  std::printf("|--:|--:|--:|--:|--:|\n");
  for (int threads : {1, 16, 64}) {
    auto tag = std::to_string(threads);
    double base = naive(dir / ("naive-" + tag + ".db"), threads, seconds);
    Grouped grouped = group_commit(dir / ("group-" + tag + ".db"), threads, seconds);
    std::printf("| %d | %.0f | %.0f | %.2fx | %.1f |\n", threads, base, grouped.writes_per_second,
                grouped.writes_per_second / base, grouped.writes_per_batch);
    std::fflush(stdout);
  }
  if (argc <= 1) std::filesystem::remove_all(dir);
  return 0;
}
