#include "fake_storage.h"

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <variant>

namespace notes::test {
namespace {

class SqliteDb final : public berth::Db {
 public:
  explicit SqliteDb(SQLite::Database& db) : db_(db) {}
  std::int64_t last_insert_id() const noexcept override { return db_.getLastInsertRowid(); }

 protected:
  std::string run(std::string_view sql, const berth::Params& params,
                  Result& result) noexcept override {
    try {
      SQLite::Statement statement(db_, std::string(sql));
      if (statement.getBindParameterCount() != static_cast<int>(params.size()))
        return "expected " + std::to_string(statement.getBindParameterCount()) +
               " parameters, got " + std::to_string(params.size());
      for (std::size_t i = 0; i < params.size(); ++i)
        bind(statement, static_cast<int>(i + 1), params[i]);
      while (statement.executeStep())
        if (result.want_rows) result.rows.push_back(row(statement));
      result.changes = db_.getChanges();
      return {};
    } catch (const std::exception& e) {
      return e.what();
    }
  }
  std::string run_script(std::string_view sql) noexcept override {
    try {
      db_.exec(std::string(sql));
      return {};
    } catch (const std::exception& e) {
      return e.what();
    }
  }

 private:
  static void bind(SQLite::Statement& s, int index, const berth::Value& value) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            s.bind(index);
          } else {
            s.bind(index, v);
          }
        },
        value.data());
  }

  static berth::Row row(SQLite::Statement& s) {
    berth::Row row = nlohmann::json::object();
    for (int i = 0; i < s.getColumnCount(); ++i) {
      auto column = s.getColumn(i);
      auto& cell = row[s.getColumnName(i)];
      switch (column.getType()) {
        case SQLITE_INTEGER: cell = column.getInt64(); break;
        case SQLITE_FLOAT: cell = column.getDouble(); break;
        case SQLITE_NULL: cell = nullptr; break;
        default: cell = column.getString(); break;
      }
    }
    return row;
  }

  SQLite::Database& db_;
};

std::string guarded(const std::function<void()>& fn) {
  try {
    fn();
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

FakeStorage::FakeStorage() : db_(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {}

FakeStorage::FakeStorage(const std::string& path)
    : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {}

int FakeStorage::schema_version() {
  return db_.execAndGet("PRAGMA user_version").getInt();
}

std::vector<std::string> FakeStorage::columns(const std::string& table) {
  std::vector<std::string> names;
  SQLite::Statement s(db_, "SELECT name FROM pragma_table_info(?)");
  s.bind(1, table);
  while (s.executeStep()) names.push_back(s.getColumn(0).getString());
  return names;
}

std::string FakeStorage::run_read(const std::function<bool(berth::Db&)>& work) noexcept {
  ++reads_;
  SqliteDb db(db_);
  return guarded([&] {
    db_.exec("BEGIN");
    work(db);
    db_.exec("COMMIT");
  });
}

std::string FakeStorage::run_write(const std::function<bool(berth::Db&)>& work) noexcept {
  ++writes_;
  SqliteDb db(db_);
  return guarded([&] {
    db_.exec("SAVEPOINT work");
    if (!work(db)) db_.exec("ROLLBACK TO work");
    db_.exec("RELEASE work");
  });
}

std::string FakeStorage::run_migrations(std::vector<MigrationStep> steps) noexcept {
  return guarded([&] {
    int version = schema_version();
    if (!steps.empty() && version > steps.back().version)
      throw std::runtime_error("database is newer than the plugin");
    SqliteDb db(db_);
    for (const auto& step : steps) {
      if (step.version <= version) continue;
      db_.exec("BEGIN");
      std::string error = step.apply ? step.apply(db) : guarded([&] { db_.exec(step.sql); });
      if (!error.empty()) {
        db_.exec("ROLLBACK");
        throw std::runtime_error("migration " + std::to_string(step.version) + ": " + error);
      }
      db_.exec("PRAGMA user_version = " + std::to_string(step.version));
      db_.exec("COMMIT");
    }
  });
}

}  // namespace notes::test
