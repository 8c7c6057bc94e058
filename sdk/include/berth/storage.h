#pragma once
// A plugin's own SQLite database: <data_dir>/plugins/<name>.db.
//
//   context.storage().migrate({{1, "CREATE TABLE notes(id INTEGER PRIMARY KEY, title TEXT)"},
//                              {2, "ALTER TABLE notes ADD COLUMN tags TEXT"}});
//   auto id = storage.write([&](berth::Db& db) {
//     db.exec("INSERT INTO notes(title) VALUES (?)", {title});
//     return db.last_insert_id();
//   });
//   auto rows = storage.read([](berth::Db& db) { return db.query("SELECT * FROM notes"); });
//
// write() runs inside the single writer's transaction, batched with other callers' writes (group
// commit) in a SAVEPOINT of its own: it returns only once its work is durable, and if it throws,
// only its own work is rolled back. read() runs in a read transaction on a connection of its own;
// in WAL mode readers never wait for the writer. Only bound parameters reach SQL.
#include <berth/guard.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace berth {

// A SQL error (syntax, constraint, busy...) or a storage failure, with SQLite's message.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A bound parameter.
class Value {
 public:
  using Variant = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
  Value(std::nullptr_t = nullptr) : data_(nullptr) {}
  Value(bool v) : data_(std::int64_t{v ? 1 : 0}) {}
  Value(int v) : data_(std::int64_t{v}) {}
  Value(long v) : data_(std::int64_t{v}) {}
  Value(long long v) : data_(std::int64_t{v}) {}
  Value(unsigned v) : data_(std::int64_t{v}) {}
  Value(double v) : data_(v) {}
  Value(const char* v) : data_(std::string(v)) {}
  Value(std::string v) : data_(std::move(v)) {}
  Value(std::string_view v) : data_(std::string(v)) {}
  template <class T>
  Value(const std::optional<T>& v) : Value(v ? Value(*v) : Value(nullptr)) {}
  const Variant& data() const noexcept { return data_; }

 private:
  Variant data_;
};

using Params = std::vector<Value>;

// One row: column name -> value (INTEGER -> number, REAL -> number, TEXT -> string, NULL -> null,
// BLOB -> string of its bytes).
using Row = nlohmann::json;

// A connection inside a transaction; valid only during the read()/write() call that gave it.
// Statements are prepared once per connection and reused.
class Db {
 public:
  virtual ~Db() = default;

  // Runs one statement; returns the number of rows it changed.
  std::int64_t exec(std::string_view sql, const Params& params = {}) {
    Result r;
    check(run(sql, params, r));
    return r.changes;
  }
  std::vector<Row> query(std::string_view sql, const Params& params = {}) {
    Result r;
    r.want_rows = true;
    check(run(sql, params, r));
    return std::move(r.rows);
  }
  std::optional<Row> query_one(std::string_view sql, const Params& params = {}) {
    auto rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
  // Runs several statements without parameters (DDL in migrations).
  void exec_script(std::string_view sql) { check(run_script(sql)); }
  virtual std::int64_t last_insert_id() const noexcept = 0;

  struct Result {
    bool want_rows = false;
    std::vector<Row> rows;
    std::int64_t changes = 0;
  };

 protected:
  // Empty on success, else SQLite's message. Never throws.
  virtual std::string run(std::string_view sql, const Params& params, Result& result) noexcept = 0;
  virtual std::string run_script(std::string_view sql) noexcept = 0;

 private:
  static void check(const std::string& error) {
    if (!error.empty()) throw StorageError(error);
  }
};

// Versions ascending from 1. `sql` is a script; or `apply` is called instead (then `checksum_text`
// stands for its code in the checksum: change it when the callable's behaviour changes).
struct Migration {
  int version = 0;
  std::string sql = {};
  std::function<void(Db&)> apply = {};
  std::string checksum_text = {};
};

enum class Durability {
  full,    // synchronous=FULL: a write that returned survives kill -9 and power loss (default)
  normal,  // synchronous=NORMAL: survives kill -9; the last commits may be lost on power loss
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Applies the pending migrations, each in its own transaction, after backing up an existing
  // database. Throws StorageError (failing the plugin's registration) on a failing migration, a
  // database newer than `migrations`, or an applied migration whose text changed. During a
  // registration, what it and any write() did is undone when the registration fails later (a
  // route clash, a failed register function): the database is left as it was.
  void migrate(const std::vector<Migration>& migrations) {
    std::vector<MigrationStep> steps;
    for (const auto& m : migrations) {
      MigrationStep step{m.version, m.sql, {}, m.checksum_text};
      if (m.apply) {
        // Wrapped here, in plugin code: the host sees only the outcome.
        step.apply = [fn = m.apply](Db& db) noexcept {
          return detail::run_guarded([&] { fn(db); });
        };
      }
      steps.push_back(std::move(step));
    }
    check(run_migrations(std::move(steps)));
  }

  void set_durability(Durability durability) { check(apply_durability(durability)); }

  template <class F>
  auto read(F&& fn) {
    return run_guarded_work<false>(std::forward<F>(fn));
  }
  template <class F>
  auto write(F&& fn) {
    return run_guarded_work<true>(std::forward<F>(fn));
  }

  // A migration as the host runs it: `apply` returns empty or the reason it failed.
  struct MigrationStep {
    int version = 0;
    std::string sql;
    std::function<std::string(Db&)> apply;
    std::string checksum_text;
  };

 protected:
  // Each returns empty on success, else the reason. `work` never throws; it returns false when
  // the caller's function failed, so that its SAVEPOINT is rolled back.
  virtual std::string run_read(const std::function<bool(Db&)>& work) noexcept = 0;
  virtual std::string run_write(const std::function<bool(Db&)>& work) noexcept = 0;
  virtual std::string run_migrations(std::vector<MigrationStep> steps) noexcept = 0;
  virtual std::string apply_durability(Durability durability) noexcept = 0;

 private:
  static void check(const std::string& error) {
    if (!error.empty()) throw StorageError(error);
  }

  template <bool Write, class F>
  auto run_guarded_work(F&& fn) {
    using R = std::invoke_result_t<F&, Db&>;
    using Stored = std::conditional_t<std::is_void_v<R>, bool, R>;
    std::optional<Stored> result;
    std::exception_ptr failure;
    std::function<bool(Db&)> work = [&](Db& db) noexcept -> bool {
      try {
        if constexpr (std::is_void_v<R>) {
          fn(db);
          result.emplace(true);
        } else {
          result.emplace(fn(db));
        }
        return true;
      } catch (...) {
        failure = std::current_exception();
        return false;
      }
    };
    std::string error = Write ? run_write(work) : run_read(work);
    if (failure) std::rethrow_exception(failure);
    check(error);
    if constexpr (!std::is_void_v<R>) return std::move(*result);
  }
};

}  // namespace berth
