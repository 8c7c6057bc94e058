#include "storage/database.h"

#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#include "log/logger.h"
#include "storage/backup.h"
#include "storage/callback_scope.h"
#include "storage/database_counters.h"
#include "storage/group_commit.h"
#include "storage/migrations.h"
#include "storage/reader_pool.h"
#include "storage/sqlite_connection.h"

namespace berth::storage {
namespace {

DatabaseOptions normalized(DatabaseOptions options) {
  if (options.path.empty()) throw std::runtime_error("cannot open database: no path given");
  if (options.backup_dir.empty()) options.backup_dir = options.path.parent_path() / "backups";
  if (options.max_readers < 0) options.max_readers = 0;
  if (options.max_batch < 1) options.max_batch = 1;
  return options;
}

void create_parent(const std::filesystem::path& path) {
  auto dir = path.parent_path();
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error("cannot open database " + path.string() + ": cannot create " +
                             dir.string() + ": " + ec.message());
  }
}

const char* synchronous_pragma(Durability durability) {
  return durability == Durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
}

// WAL lets readers run beside the writer; it is persistent, so readers need not set it.
void configure_writer(SqliteConnection& writer, Durability durability) {
  Db::Result mode;
  mode.want_rows = true;
  std::string error = writer.run_host("PRAGMA journal_mode=WAL", {}, mode);
  if (error.empty() && (mode.rows.empty() || mode.rows.front()["journal_mode"] != "wal"))
    error = "cannot switch to WAL mode (got " + nlohmann::json(mode.rows).dump() + ")";
  if (error.empty()) error = writer.exec_host(synchronous_pragma(durability));
  if (!error.empty())
    throw std::runtime_error("cannot open database " + writer.path().string() + ": " + error);
}

}  // namespace

struct Database::RestorePoint {
  std::mutex mutex;
  std::thread::id owner;
  std::filesystem::path copy;        // set once taken
  std::uint64_t foreign_writes = 0;  // by other threads, after the copy
};

Database::Database(DatabaseOptions options)
    : options_(normalized(std::move(options))),
      counters_(std::make_shared<DatabaseCounters>()),
      durability_(options_.durability),
      restore_point_(std::make_unique<RestorePoint>()) {
  create_parent(options_.path);
  SqliteConnectionOptions connection{options_.path, Role::writer, options_.busy_timeout,
                                     &counters_->statements_prepared, &counters_->busy_retries};
  writer_ = std::make_unique<SqliteConnection>(connection);
  configure_writer(*writer_, options_.durability);
  readers_ =
      std::make_unique<ReaderPool>(connection, static_cast<std::size_t>(options_.max_readers));
  group_commit_ = std::make_unique<GroupCommit>(
      *writer_, static_cast<std::size_t>(options_.max_batch), *counters_, this);
}

Database::~Database() {
  group_commit_->stop();
}

Database::Stats Database::stats_of(const DatabaseCounters& c) {
  auto get = [](const std::atomic<std::uint64_t>& n) { return n.load(std::memory_order_relaxed); };
  return Stats{get(c.writes),
               get(c.batches),
               get(c.failed_writes),
               get(c.reads),
               get(c.statements_prepared),
               get(c.busy_retries),
               c.batch_size.snapshot(),
               c.commit_ns.snapshot()};
}

std::size_t Database::queued_writes() const {
  return group_commit_->queued();
}

std::size_t Database::idle_readers() const {
  return readers_->idle();
}

std::string Database::reentry_error(std::string_view call) const {
  if (!CallbackScope::active(this)) return {};
  return std::string(call) +
         " called inside read()/write() on the same storage: it would wait for itself";
}

std::string Database::run_read(const std::function<bool(Db&)>& work) noexcept {
  try {
    auto reader = readers_->acquire();
    if (auto error = reader->exec_host("BEGIN"); !error.empty()) {
      reader.discard();
      return "cannot start a read transaction: " + error;
    }
    bool ok;
    {
      CallbackScope scope(this);
      ok = work(*reader);
    }
    std::string error = reader->exec_host(ok ? "COMMIT" : "ROLLBACK");
    if (reader->in_transaction() && !reader->exec_host("ROLLBACK").empty()) reader.discard();
    DatabaseCounters::add(counters_->reads);
    // A failed work's exception is rethrown by the caller; this is for one that had none.
    return ok ? error : "the read failed";
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::string Database::run_write(const std::function<bool(Db&)>& work) noexcept {
  if (auto error = reentry_error("write()"); !error.empty()) return error;
  if (restore_point_armed_.load(std::memory_order_acquire)) {
    if (auto error = before_provisional_write(); !error.empty()) return error;
  }
  return group_commit_->write(work);
}

void Database::arm_restore_point() {
  std::lock_guard lock(restore_point_->mutex);
  restore_point_->owner = std::this_thread::get_id();
  restore_point_->copy.clear();
  restore_point_->foreign_writes = 0;
  restore_point_armed_ = true;
}

std::string Database::before_provisional_write() {
  {
    std::lock_guard lock(restore_point_->mutex);
    if (!restore_point_armed_) return {};
    if (std::this_thread::get_id() != restore_point_->owner) {
      ++restore_point_->foreign_writes;
      return {};
    }
    if (!restore_point_->copy.empty()) return {};
  }
  // Not under the mutex: the writer may be running a migration that takes it.
  GroupCommit::Task task = [&](SqliteConnection& writer) { return take_restore_copy(writer); };
  return group_commit_->exclusive(task);
}

std::string Database::take_restore_copy(SqliteConnection& writer) noexcept {
  try {
    {
      std::lock_guard lock(restore_point_->mutex);
      if (!restore_point_->copy.empty()) return {};
    }
    std::filesystem::create_directories(options_.backup_dir);
    auto copy = options_.backup_dir / (options_.path.stem().string() + ".restore-point.db");
    copy_database(writer.handle(), copy);
    std::lock_guard lock(restore_point_->mutex);
    restore_point_->copy = copy;
    return {};
  } catch (const std::exception& e) {
    return std::string("cannot keep a copy of the database before the registration writes: ") +
           e.what();
  }
}

void Database::drop_restore_point() noexcept {
  std::lock_guard lock(restore_point_->mutex);
  restore_point_armed_ = false;
  if (!restore_point_->copy.empty()) remove_database(restore_point_->copy);
  restore_point_->copy.clear();
}

Expected<void> Database::roll_back_to_restore_point() noexcept {
  std::lock_guard lock(restore_point_->mutex);
  restore_point_armed_ = false;
  RestorePoint& point = *restore_point_;
  if (point.copy.empty()) return {};
  const std::filesystem::path copy = std::exchange(point.copy, {});
  if (point.foreign_writes > 0) {
    remove_database(copy);
    return unexpected("database " + options_.path.string() +
                      " keeps what the failed registration wrote: the running instance wrote " +
                      std::to_string(point.foreign_writes) + " time(s) since");
  }
  GroupCommit::Task task = [&](SqliteConnection& writer) {
    try {
      restore_database(writer.handle(), copy);
      return std::string();
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
  };
  std::string error = group_commit_->exclusive(task);
  remove_database(copy);
  if (!error.empty())
    return unexpected("cannot restore database " + options_.path.string() +
                      " as it was before the failed registration: " + error);
  log::info("restored the database as it was before the failed registration",
            {{"database", options_.path.string()}});
  return {};
}

std::string Database::run_migrations(std::vector<MigrationStep> steps) noexcept {
  try {
    if (auto error = reentry_error("migrate()"); !error.empty()) return error;
    MigrationSettings settings{options_.path, options_.backup_dir, options_.keep_backups};
    // Migrations that have nothing to apply write nothing: no copy for them.
    if (restore_point_armed_.load(std::memory_order_acquire)) {
      std::lock_guard lock(restore_point_->mutex);
      if (std::this_thread::get_id() == restore_point_->owner)
        settings.before_applying = [this](SqliteConnection& writer) -> Expected<void> {
          std::string error = take_restore_copy(writer);
          if (!error.empty()) return unexpected(std::move(error));
          return {};
        };
      else
        ++restore_point_->foreign_writes;
    }
    // The group commit's tasks answer in the SDK's convention: empty is success.
    GroupCommit::Task task = [&](SqliteConnection& writer) -> std::string {
      auto migrated = storage::run_migrations(writer, steps, settings);
      return migrated ? std::string() : std::move(migrated).error();
    };
    return group_commit_->exclusive(task);
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::string Database::apply_durability(Durability durability) noexcept {
  try {
    if (auto error = reentry_error("set_durability()"); !error.empty()) return error;
    GroupCommit::Task task = [&](SqliteConnection& writer) {
      std::string error = writer.exec_host(synchronous_pragma(durability));
      if (error.empty()) durability_ = durability;
      return error;
    };
    return group_commit_->exclusive(task);
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace berth::storage
