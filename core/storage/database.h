#pragma once
// berth::Storage on a SQLite file: WAL, one writer thread doing group commit (group_commit.h),
// reads on a pool of query_only connections (reader_pool.h), migrations (migrations.h).
#include "base/expected.h"
#include "metrics/histogram.h"

#include <berth/storage.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace berth::storage {

class SqliteConnection;
class GroupCommit;
class ReaderPool;
struct DatabaseCounters;

struct DatabaseOptions {
  std::filesystem::path path;        // the .db file; parent dirs created
  std::filesystem::path backup_dir;  // pre-migration backups (default: <path's dir>/backups)
  int keep_backups = 3;              // 0: no backups
  std::chrono::milliseconds busy_timeout{5000};
  int max_readers = 8;  // reader connections kept open
  int max_batch = 256;  // writes per group-commit transaction at most
  Durability durability = Durability::full;
};

class Database final : public Storage {
 public:
  // Opens or creates the file; throws std::runtime_error("cannot open database <path>: ...").
  explicit Database(DatabaseOptions options);
  // Finishes the writes already queued (their callers return normally), stops the writer
  // thread, closes every connection. No read() may be running and no new call may start.
  ~Database() override;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  struct Stats {
    std::uint64_t writes = 0;         // write() calls run by the writer
    std::uint64_t batches = 0;        // transactions they ran in
    std::uint64_t failed_writes = 0;  // rolled back (the work failed, or its batch did)
    std::uint64_t reads = 0;
    std::uint64_t statements_prepared = 0;    // compiled, i.e. statement cache misses
    std::uint64_t busy_retries = 0;           // waits for a lock held by another connection
    metrics::Histogram::Snapshot batch_size;  // writes per group commit
    metrics::Histogram::Snapshot commit_ns;   // COMMIT (with its fsync), in ns
  };
  Stats stats() const { return stats_of(*counters_); }
  static Stats stats_of(const DatabaseCounters& counters);
  // Outlive the database: what /_berth/metrics reads of a plugin's storage, held apart from it.
  std::shared_ptr<const DatabaseCounters> counters() const noexcept { return counters_; }

  const DatabaseOptions& options() const noexcept { return options_; }
  Durability durability() const noexcept { return durability_.load(); }
  // Writes waiting for the writer thread, not counting the batch it is running.
  std::size_t queued_writes() const;
  // Reader connections open and idle in the pool.
  std::size_t idle_readers() const;

  // A restore point, for what one plugin registration writes (a failed registration must leave
  // the database as it was). Armed by the registering thread; its first write or migration first
  // copies the database to <backup_dir>/<stem>.restore-point.db.
  void arm_restore_point();
  // The registration succeeded: the copy is deleted.
  void drop_restore_point() noexcept;
  // It failed: the copy replaces the database. Refused when another thread (the running
  // instance of a reload) wrote after the copy: undoing would lose its writes.
  Expected<void> roll_back_to_restore_point() noexcept;

 protected:
  std::string run_read(const std::function<bool(Db&)>& work) noexcept override;
  std::string run_write(const std::function<bool(Db&)>& work) noexcept override;
  std::string run_migrations(std::vector<MigrationStep> steps) noexcept override;
  std::string apply_durability(Durability durability) noexcept override;

 private:
  // Why `call` may not run here: a callback of this storage is running on this thread.
  std::string reentry_error(std::string_view call) const;
  // Before a write or a migration while a restore point is armed; empty, or why not.
  std::string before_provisional_write();
  // On the writer, once per restore point.
  std::string take_restore_copy(SqliteConnection& writer) noexcept;

  struct RestorePoint;

  DatabaseOptions options_;
  std::shared_ptr<DatabaseCounters> counters_;
  std::atomic<Durability> durability_;
  std::unique_ptr<SqliteConnection> writer_;
  std::unique_ptr<ReaderPool> readers_;
  std::unique_ptr<RestorePoint> restore_point_;
  std::atomic<bool> restore_point_armed_{false};
  std::unique_ptr<GroupCommit> group_commit_;  // last: its thread goes first
};

}  // namespace berth::storage
