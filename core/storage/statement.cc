#include "storage/statement.h"

#include <type_traits>
#include <variant>
#include <vector>

namespace berth::storage {
namespace {

int bind_one(sqlite3_stmt* stmt, int index, const Value& value) {
  return std::visit(
      [&](const auto& v) -> int {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return sqlite3_bind_null(stmt, index);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return sqlite3_bind_int64(stmt, index, v);
        } else if constexpr (std::is_same_v<T, double>) {
          return sqlite3_bind_double(stmt, index, v);
        } else {
          return sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
        }
      },
      value.data());
}

nlohmann::json column_value(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT: return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
    }
    case SQLITE_BLOB: {
      const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, i));
      return blob ? std::string(blob, size) : std::string();
    }
    default: return nullptr;
  }
}

std::vector<std::string> column_names(sqlite3_stmt* stmt) {
  std::vector<std::string> names;
  int n = sqlite3_column_count(stmt);
  names.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const char* name = sqlite3_column_name(stmt, i);
    names.emplace_back(name ? name : "");
  }
  return names;
}

Row read_row(sqlite3_stmt* stmt, const std::vector<std::string>& names) {
  Row row = Row::object();
  for (std::size_t i = 0; i < names.size(); ++i)
    row[names[i]] = column_value(stmt, static_cast<int>(i));
  return row;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

}  // namespace

std::string bind_params(sqlite3_stmt* stmt, const Params& params) {
  int expected = sqlite3_bind_parameter_count(stmt);
  if (static_cast<std::size_t>(expected) != params.size()) {
    return "the statement has " + std::to_string(expected) + " parameter(s) but " +
           std::to_string(params.size()) + " value(s) were given";
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (bind_one(stmt, static_cast<int>(i) + 1, params[i]) != SQLITE_OK)
      return sqlite3_errmsg(sqlite3_db_handle(stmt));
  }
  return {};
}

std::string step_all(sqlite3_stmt* stmt, Db::Result& result) {
  sqlite3* db = sqlite3_db_handle(stmt);
  std::vector<std::string> names;
  if (result.want_rows) names = column_names(stmt);
  auto total_before = sqlite3_total_changes64(db);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return sqlite3_errmsg(db);
    if (result.want_rows) result.rows.push_back(read_row(stmt, names));
  }
  // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE: a SELECT or DDL after it
  // would report that statement's rows, so only trust it when this statement changed something.
  result.changes = sqlite3_total_changes64(db) != total_before ? sqlite3_changes64(db) : 0;
  return {};
}

std::string_view remaining_sql(std::string_view tail) noexcept {
  std::size_t i = 0;
  while (i < tail.size()) {
    char c = tail[i];
    if (is_blank(c) || c == ';') {
      ++i;
    } else if (tail.substr(i, 2) == "--") {
      auto end = tail.find('\n', i);
      i = end == std::string_view::npos ? tail.size() : end + 1;
    } else if (tail.substr(i, 2) == "/*") {
      auto end = tail.find("*/", i + 2);
      i = end == std::string_view::npos ? tail.size() : end + 2;
    } else {
      break;
    }
  }
  std::string_view rest = tail.substr(i);
  while (!rest.empty() && is_blank(rest.back())) rest.remove_suffix(1);
  return rest;
}

}  // namespace berth::storage
