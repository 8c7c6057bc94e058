// Mixed readers and writers: every read sees a consistent snapshot, every failed write vanishes.
#include <doctest/doctest.h>

#include <atomic>
#include <random>
#include <thread>
#include <vector>

#include "storage_test_util.h"

using namespace berth;
using namespace berth::storage;
using namespace berth::storage::test;
using berth::test::TempDir;

namespace {

constexpr int kAccounts = 10;
constexpr std::int64_t kInitial = 1000;
constexpr std::int64_t kTotal = kAccounts * kInitial;

struct Aborted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

TEST_CASE("8 threads transferring and auditing keep the total constant") {
  TempDir dir;
  auto options = options_for(dir / "bank.db");
  options.max_readers = 2;  // fewer than the readers: extra connections are opened on demand
  Database db(options);
  Storage& s = db;
  s.migrate({{1,
              "CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL "
              "CHECK (balance >= 0));"
              "CREATE TABLE transfers(id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)"}});
  s.write([](Db& d) {
    for (int i = 0; i < kAccounts; ++i)
      d.exec("INSERT INTO accounts(id, balance) VALUES (?, ?)", {i, kInitial});
  });

  std::atomic<int> writers_left{4};
  std::atomic<int> committed{0};
  std::atomic<int> rejected{0};
  std::atomic<int> audits{0};
  std::atomic<int> bad_audits{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      std::mt19937 rng(static_cast<unsigned>(w) * 7919u + 1u);
      std::uniform_int_distribution<int> account(0, kAccounts - 1);
      std::uniform_int_distribution<int> amount(1, 400);
      for (int i = 0; i < 150; ++i) {
        int from = account(rng), to = (from + 1 + account(rng) % (kAccounts - 1)) % kAccounts;
        std::int64_t sum = amount(rng);
        try {
          s.write([&](Db& d) {
            d.exec("UPDATE accounts SET balance = balance - ? WHERE id = ?", {sum, from});
            if (i % 10 == 9) throw Aborted("aborted half-way");  // after the debit
            d.exec("UPDATE accounts SET balance = balance + ? WHERE id = ?", {sum, to});
            d.exec("INSERT INTO transfers(amount) VALUES (?)", {sum});
          });
          ++committed;
        } catch (const Aborted&) {
          ++rejected;
        } catch (const StorageError&) {
          ++rejected;  // CHECK constraint: not enough money
        }
      }
      --writers_left;
    });
  }
  for (int r = 0; r < 4; ++r) {
    threads.emplace_back([&] {
      while (writers_left.load() > 0) {
        bool consistent = s.read([](Db& d) {
          auto total = d.query_one("SELECT sum(balance) AS s FROM accounts")->at("s");
          auto rows = d.query("SELECT balance FROM accounts");
          std::int64_t again = 0;
          for (const auto& row : rows) again += row["balance"].get<std::int64_t>();
          return total == kTotal && again == kTotal;
        });
        ++audits;
        if (!consistent) ++bad_audits;
      }
    });
  }
  for (auto& t : threads) t.join();

  CHECK(bad_audits.load() == 0);
  CHECK(audits.load() > 0);
  CHECK(committed.load() + rejected.load() == 600);
  CHECK(rejected.load() >= 60);  // every tenth transfer aborts
  CHECK(s.read([](Db& d) {
    return d.query_one("SELECT sum(balance) AS s FROM accounts")->at("s");
  }) == kTotal);
  CHECK(count_rows(s, "transfers") == committed.load());
  auto st = db.stats();
  CHECK(st.writes == 601);
  CHECK(st.failed_writes == static_cast<std::uint64_t>(rejected.load()));
  CHECK(db.idle_readers() <= 2);
}
