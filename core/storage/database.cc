#include "storage/database.h"

#include <stdexcept>
#include <system_error>

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

Database::Database(DatabaseOptions options)
    : options_(normalized(std::move(options))),
      counters_(std::make_unique<DatabaseCounters>()),
      durability_(options_.durability) {
  create_parent(options_.path);
  SqliteConnectionOptions connection{options_.path, Role::writer, options_.busy_timeout,
                                     &counters_->statements_prepared};
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

Database::Stats Database::stats() const {
  auto get = [](const std::atomic<std::uint64_t>& c) { return c.load(std::memory_order_relaxed); };
  return Stats{get(counters_->writes), get(counters_->batches), get(counters_->failed_writes),
               get(counters_->reads), get(counters_->statements_prepared)};
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
  return group_commit_->write(work);
}

std::string Database::run_migrations(std::vector<MigrationStep> steps) noexcept {
  try {
    if (auto error = reentry_error("migrate()"); !error.empty()) return error;
    MigrationSettings settings{options_.path, options_.backup_dir, options_.keep_backups};
    GroupCommit::Task task = [&](SqliteConnection& writer) {
      return storage::run_migrations(writer, steps, settings);
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
