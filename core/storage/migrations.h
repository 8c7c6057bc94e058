#pragma once
// Schema migrations of one database, recorded in
//   _berth_migrations(version INTEGER PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT
//   NULL)
// Applied migrations are immutable: a database newer than the declared list, or one whose
// applied migrations differ from (or are missing in) the list, is refused untouched. Pending
// migrations run each in its own transaction, after a backup when the database already has some.
#include "base/expected.h"

#include <berth/storage.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "storage/sqlite_connection.h"

namespace berth::storage {

using MigrationStep = Storage::MigrationStep;

struct MigrationSettings {
  std::filesystem::path db_path;
  std::filesystem::path backup_dir;
  int keep_backups = 3;  // 0: no backup is taken
  // When there are migrations to apply, before anything is written; refused: nothing is applied.
  std::function<Expected<void>(SqliteConnection&)> before_applying;
};

struct AppliedMigration {
  int version = 0;
  std::string checksum;
};

// Refused with what is wrong with the declared list.
Expected<void> validate_migrations(const std::vector<MigrationStep>& steps);
// FNV-1a 64 of the sql, or of checksum_text for a callable migration.
std::string migration_checksum(const MigrationStep& step);
// Refused with why `applied` (ascending) does not fit the declared `steps`.
Expected<void> check_history(const std::vector<AppliedMigration>& applied,
                             const std::vector<MigrationStep>& steps,
                             const std::filesystem::path& db_path);

// Runs on the writer connection, outside any transaction.
Expected<void> run_migrations(SqliteConnection& db, const std::vector<MigrationStep>& steps,
                              const MigrationSettings& settings) noexcept;

}  // namespace berth::storage
