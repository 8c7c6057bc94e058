#pragma once
// Helpers for the storage tests: opening databases in a TempDir, holding the writer thread.
#include <berth/storage.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "log/logger.h"
#include "storage/database.h"
#include "support/eventually.h"
#include "support/temp_dir.h"

namespace berth::storage::test {

// Migrations and backups log at info; the tests' output is for failures.
inline const bool kQuietLog = (berth::log::set_level(berth::LogLevel::warn), true);

inline DatabaseOptions options_for(const std::filesystem::path& path) {
  DatabaseOptions options;
  options.path = path;
  return options;
}

inline std::unique_ptr<Database> open_db(const std::filesystem::path& path) {
  return std::make_unique<Database>(options_for(path));
}

// The message of the StorageError `fn` throws; fails the test when it throws nothing.
inline std::string storage_error(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const StorageError& e) {
    return e.what();
  }
  return "<no StorageError>";
}

using berth::test::eventually;

// What a plugin's own code throws inside a transaction: not a StorageError.
struct PluginFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Keeps the writer thread busy inside a write() until release(): the writes issued meanwhile
// queue up and then run as one batch.
class WriterHold {
 public:
  explicit WriterHold(Storage& storage) {
    auto entered = entered_.get_future();
    thread_ = std::thread([this, &storage] {
      storage.write([this](Db&) {
        entered_.set_value();
        released_.get_future().wait();
      });
    });
    entered.wait();
  }
  ~WriterHold() {
    release();
    thread_.join();
  }
  void release() {
    if (!released_flag_) released_.set_value();
    released_flag_ = true;
  }

 private:
  std::promise<void> entered_;
  std::promise<void> released_;
  bool released_flag_ = false;
  std::thread thread_;
};

inline std::int64_t count_rows(Storage& storage, const std::string& table) {
  return storage.read([&](Db& db) {
    return db.query_one("SELECT count(*) AS n FROM " + table)->at("n").get<std::int64_t>();
  });
}

}  // namespace berth::storage::test
