#pragma once
// A berth::Storage over an in-memory SQLite database, so that the store and the routes can be
// tested without the host. It keeps the contract the SDK documents: write() runs in a SAVEPOINT
// rolled back when the callback throws; migrations are applied once each, in order.
#include <berth/storage.h>

#include <SQLiteCpp/Database.h>

#include <string>

namespace notes::test {

class FakeStorage final : public berth::Storage {
 public:
  FakeStorage();
  // A second Storage on the same database file, as after a restart of the host.
  explicit FakeStorage(const std::string& path);

  int reads() const { return reads_; }
  int writes() const { return writes_; }
  int schema_version();
  // Columns of a table, in order.
  std::vector<std::string> columns(const std::string& table);
  SQLite::Database& sqlite() { return db_; }

 protected:
  std::string run_read(const std::function<bool(berth::Db&)>& work) noexcept override;
  std::string run_write(const std::function<bool(berth::Db&)>& work) noexcept override;
  std::string run_migrations(std::vector<MigrationStep> steps) noexcept override;
  std::string apply_durability(berth::Durability) noexcept override { return {}; }

 private:
  SQLite::Database db_;
  int reads_ = 0;
  int writes_ = 0;
};

}  // namespace notes::test
