#include "storage/sqlite_connection.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "storage/authorizer.h"
#include "storage/statement.h"

namespace berth::storage {
namespace {

// SQLite gives every connection's page cache an up-front block of 20 pages (~90 KB) whether or not
// it ever reads that much; berth keeps a writer and idle readers per database, so pages come as
// they are used instead. Only possible before SQLite initializes, hence at the first open.
void configure_sqlite_once() {
  static const int result = sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
  (void)result;  // SQLITE_MISUSE when something in the process initialized SQLite first: harmless
}

SQLite::Database open_database(const SqliteConnectionOptions& options) {
  configure_sqlite_once();
  int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX;
  // Only the writer creates the file; a reader finding none means it was removed underneath us.
  if (options.role == Role::writer) flags |= SQLite::OPEN_CREATE;
  try {
    return SQLite::Database(options.path, flags, static_cast<int>(options.busy_timeout.count()));
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open database " + options.path.string() + ": " + e.what());
  }
}

// Restores the plugin mode even when the host statement fails.
class HostMode {
 public:
  explicit HostMode(bool& flag) noexcept : flag_(flag), saved_(flag) { flag_ = true; }
  ~HostMode() { flag_ = saved_; }
  HostMode(const HostMode&) = delete;
  HostMode& operator=(const HostMode&) = delete;

 private:
  bool& flag_;
  bool saved_;
};

}  // namespace

int SqliteConnection::on_busy(void* self, int attempts) noexcept {
  auto& c = *static_cast<SqliteConnection*>(self);
  const auto now = std::chrono::steady_clock::now();
  if (attempts == 0) c.busy_since_ = now;
  if (now - c.busy_since_ >= c.busy_timeout_) return 0;  // SQLITE_BUSY for the caller
  c.busy_retries_->fetch_add(1, std::memory_order_relaxed);
  const auto wait = std::chrono::milliseconds(1 << std::min(attempts, 6));  // 1 .. 64 ms
  std::this_thread::sleep_for(
      std::min<std::chrono::nanoseconds>(wait, c.busy_timeout_ - (now - c.busy_since_)));
  return 1;
}

SqliteConnection::SqliteConnection(const SqliteConnectionOptions& options)
    : path_(options.path),
      role_(options.role),
      prepared_(options.prepared),
      busy_retries_(options.busy_retries),
      busy_timeout_(options.busy_timeout),
      db_(open_database(options)) {
  sqlite3* h = handle();
  if (busy_retries_) sqlite3_busy_handler(h, &SqliteConnection::on_busy, this);
  sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  // Defensive mode refuses the few statements that can corrupt a file (writable_schema...).
  sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_limit(h, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_set_authorizer(h, &SqliteConnection::authorize, this);
  std::string error = exec_host("PRAGMA foreign_keys=ON");
  if (error.empty() && role_ == Role::reader) error = exec_host("PRAGMA query_only=1");
  if (!error.empty())
    throw std::runtime_error("cannot open database " + path_.string() + ": " + error);
}

int SqliteConnection::authorize(void* self, int action, const char* arg1, const char* arg2,
                                const char*, const char*) noexcept {
  auto* c = static_cast<SqliteConnection*>(self);
  if (c->host_mode_) return SQLITE_OK;
  try {
    std::string denial = plugin_denial(action, arg1, arg2);
    if (denial.empty()) return SQLITE_OK;
    c->denial_ = std::move(denial);
  } catch (...) {
    c->denial_ = "out of memory";
  }
  return SQLITE_DENY;
}

std::string SqliteConnection::run(std::string_view sql, const Params& params,
                                  Result& result) noexcept {
  try {
    return remember(execute(plugin_statements_, sql, params, result));
  } catch (const std::exception& e) {
    return remember(e.what());
  }
}

std::string SqliteConnection::run_script(std::string_view sql) noexcept {
  try {
    denial_.clear();
    char* message = nullptr;
    int rc = sqlite3_exec(handle(), std::string(sql).c_str(), nullptr, nullptr, &message);
    std::string error;
    if (rc != SQLITE_OK) error = describe(rc, message ? message : sqlite3_errmsg(handle()));
    sqlite3_free(message);
    return remember(std::move(error));
  } catch (const std::exception& e) {
    return remember(e.what());
  }
}

std::int64_t SqliteConnection::last_insert_id() const noexcept {
  return sqlite3_last_insert_rowid(handle());
}

std::string SqliteConnection::run_host(std::string_view sql, const Params& params,
                                       Result& result) noexcept {
  try {
    HostMode host(host_mode_);
    return execute(host_statements_, sql, params, result);
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::string SqliteConnection::exec_host(std::string_view sql) noexcept {
  Result result;
  return run_host(sql, {}, result);
}

std::string SqliteConnection::execute(StatementCache& cache, std::string_view sql,
                                      const Params& params, Result& result) {
  sqlite3_stmt* stmt = cache.find(sql);
  if (!stmt) {
    StatementPtr prepared;
    if (auto error = prepare(sql, prepared); !error.empty()) return error;
    stmt = cache.insert(sql, std::move(prepared));
  }
  StatementUse use(stmt);
  if (auto error = bind_params(stmt, params); !error.empty()) return error;
  denial_.clear();  // a statement recompiled after a schema change is authorized again
  if (auto error = step_all(stmt, result); !error.empty())
    return describe(sqlite3_errcode(handle()), error);
  return {};
}

std::string SqliteConnection::prepare(std::string_view sql, StatementPtr& out) {
  denial_.clear();
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(handle(), sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  StatementPtr stmt(raw);
  if (rc != SQLITE_OK) return describe(rc, sqlite3_errmsg(handle()));
  if (!stmt) return "no SQL statement given (only blanks or comments)";
  if (prepared_) prepared_->fetch_add(1, std::memory_order_relaxed);
  auto rest = remaining_sql(sql.substr(static_cast<std::size_t>(tail - sql.data())));
  if (!rest.empty()) {
    constexpr std::size_t kShown = 80;
    std::string shown(rest.substr(0, kShown));
    if (rest.size() > kShown) shown += "...";
    return "exec() and query() run one statement, but SQL follows the first one: \"" + shown +
           "\" (use exec_script() for several)";
  }
  out = std::move(stmt);
  return {};
}

std::string SqliteConnection::describe(int rc, std::string message) const {
  // A denied function call fails with SQLITE_ERROR and "not authorized to use function: ...".
  bool denied = (rc & 0xff) == SQLITE_AUTH || message.rfind("not authorized", 0) == 0;
  if (denied && !denial_.empty()) return "not authorized: " + denial_;
  if (role_ == Role::reader && (rc & 0xff) == SQLITE_READONLY)
    message += " (read() cannot change data: use write())";
  return message;
}

std::string SqliteConnection::remember(std::string error) {
  if (!error.empty()) last_error_ = error;
  return error;
}

}  // namespace berth::storage
