#pragma once
// One SQLite connection: the berth::Db that read()/write() callbacks see. It owns the prepared
// statement caches and the authorizer that keeps plugin SQL inside its own database.
#include <berth/storage.h>
#include <sqlite3.h>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "storage/statement_cache.h"

namespace berth::storage {

enum class Role { writer, reader };

struct SqliteConnectionOptions {
  std::filesystem::path path;
  Role role = Role::writer;
  std::chrono::milliseconds busy_timeout{5000};
  std::atomic<std::uint64_t>* prepared = nullptr;      // counts statements compiled, when set
  std::atomic<std::uint64_t>* busy_retries = nullptr;  // counts waits for a lock, when set
};

class SqliteConnection final : public Db {
 public:
  static constexpr std::size_t kPluginStatements = 128;
  static constexpr std::size_t kHostStatements = 16;

  // Throws std::runtime_error("cannot open database <path>: <why>").
  explicit SqliteConnection(const SqliteConnectionOptions& options);
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Plugin SQL: checked by the authorizer; single statements are cached.
  std::string run(std::string_view sql, const Params& params, Result& result) noexcept override;
  std::string run_script(std::string_view sql) noexcept override;
  std::int64_t last_insert_id() const noexcept override;

  // Host SQL: not checked. Cached apart so that plugin SQL never reuses a statement the
  // authorizer did not see.
  std::string run_host(std::string_view sql, const Params& params, Result& result) noexcept;
  std::string exec_host(std::string_view sql) noexcept;

  bool in_transaction() const noexcept { return sqlite3_get_autocommit(handle()) == 0; }
  sqlite3* handle() const noexcept { return db_.getHandle(); }
  Role role() const noexcept { return role_; }
  const std::filesystem::path& path() const noexcept { return path_; }
  // The last error run()/run_script() returned: why a transaction may have ended early.
  const std::string& last_error() const noexcept { return last_error_; }

 private:
  // SQLite's busy-timeout handler cannot be counted: this one waits like it (sleeps that grow,
  // until busy_timeout has passed) and counts each wait.
  static int on_busy(void* self, int attempts) noexcept;
  static int authorize(void* self, int action, const char* arg1, const char* arg2,
                       const char* database, const char* trigger) noexcept;
  std::string execute(StatementCache& cache, std::string_view sql, const Params& params,
                      Result& result);
  std::string prepare(std::string_view sql, StatementPtr& out);
  // SQLite's message, or the authorizer's reason, with a hint where one helps.
  std::string describe(int rc, std::string message) const;
  std::string remember(std::string error);

  std::filesystem::path path_;
  Role role_;
  std::atomic<std::uint64_t>* prepared_;
  std::atomic<std::uint64_t>* busy_retries_;
  const std::chrono::milliseconds busy_timeout_;
  std::chrono::steady_clock::time_point busy_since_;
  SQLite::Database db_;
  // Declared after db_: statements are finalized before the connection closes.
  StatementCache plugin_statements_{kPluginStatements};
  StatementCache host_statements_{kHostStatements};
  bool host_mode_ = false;
  std::string denial_;  // why the authorizer last refused
  std::string last_error_;
};

}  // namespace berth::storage
