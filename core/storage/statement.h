#pragma once
// Running one prepared statement: binding parameters, stepping, turning rows into JSON.
#include <berth/storage.h>
#include <sqlite3.h>

#include <string>
#include <string_view>

namespace berth::storage {

// Resets a statement and clears its bindings when the use ends, so that a cached statement
// neither holds a read snapshot open nor keeps pointers into the caller's parameters.
class StatementUse {
 public:
  explicit StatementUse(sqlite3_stmt* stmt) noexcept : stmt_(stmt) {}
  ~StatementUse() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

// Empty, or why the parameters do not fit the statement. Strings are bound without a copy: they
// must outlive the StatementUse.
std::string bind_params(sqlite3_stmt* stmt, const Params& params);

// Steps to the end, collecting rows when result.want_rows. Returns empty or SQLite's message.
std::string step_all(sqlite3_stmt* stmt, Db::Result& result);

// The SQL left in `tail` after the first statement, without surrounding blanks; empty when only
// whitespace, comments and semicolons remain.
std::string_view remaining_sql(std::string_view tail) noexcept;

}  // namespace berth::storage
