#include "storage/migrations.h"

#include <algorithm>
#include <chrono>

#include "log/logger.h"
#include "log/utc_time.h"
#include "storage/backup.h"
#include "storage/checksum.h"

namespace berth::storage {
namespace {

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS _berth_migrations(version INTEGER PRIMARY KEY, "
    "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";

// Ascending; none when the table is not there yet.
Expected<std::vector<AppliedMigration>> read_applied(SqliteConnection& db) {
  std::vector<AppliedMigration> applied;
  Db::Result exists;
  exists.want_rows = true;
  // run_host speaks the Db convention: an empty string is success.
  auto error =
      db.run_host("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_berth_migrations'",
                  {}, exists);
  if (!error.empty()) return unexpected(std::move(error));
  if (exists.rows.empty()) return applied;
  Db::Result rows;
  rows.want_rows = true;
  error = db.run_host("SELECT version, checksum FROM _berth_migrations ORDER BY version", {}, rows);
  if (!error.empty()) return unexpected(std::move(error));
  for (const auto& row : rows.rows) {
    if (!row["version"].is_number_integer() || !row["checksum"].is_string())
      return unexpected("_berth_migrations holds a malformed row: " + row.dump());
    applied.push_back({row["version"].get<int>(), row["checksum"].get<std::string>()});
  }
  return applied;
}

const MigrationStep* find_step(const std::vector<MigrationStep>& steps, int version) {
  auto it = std::find_if(steps.begin(), steps.end(),
                         [&](const MigrationStep& s) { return s.version == version; });
  return it == steps.end() ? nullptr : &*it;
}

Expected<void> apply_one(SqliteConnection& db, const MigrationStep& step) {
  // Each step speaks the Db convention (a plugin's apply() is SDK code): empty is success.
  std::string error = db.exec_host("BEGIN IMMEDIATE");
  if (error.empty()) error = db.exec_host(kCreateTable);
  if (error.empty()) error = step.apply ? step.apply(db) : db.run_script(step.sql);
  if (error.empty() && !db.in_transaction())
    error = "the migration ended its transaction: " + db.last_error();
  if (error.empty()) {
    Db::Result inserted;
    error =
        db.run_host("INSERT INTO _berth_migrations(version, checksum, applied_at) VALUES (?, ?, ?)",
                    {step.version, migration_checksum(step),
                     log::utc_timestamp(std::chrono::system_clock::now())},
                    inserted);
  }
  if (error.empty()) error = db.exec_host("COMMIT");
  if (!error.empty()) {
    if (db.in_transaction()) db.exec_host("ROLLBACK");
    return unexpected("migration " + std::to_string(step.version) + " failed: " + error);
  }
  return {};
}

void back_up(SqliteConnection& db, int version, const MigrationSettings& settings) {
  auto file = backup_database(db.handle(), settings.db_path, version, settings.backup_dir);
  auto removed =
      prune_backups(settings.backup_dir, settings.db_path.stem().string(), settings.keep_backups);
  nlohmann::json pruned = nlohmann::json::array();
  for (const auto& p : removed) pruned.push_back(p.filename().string());
  log::info("backed up database before migrating", {{"database", settings.db_path.string()},
                                                    {"backup", file.string()},
                                                    {"removed_backups", pruned}});
}

}  // namespace

Expected<void> validate_migrations(const std::vector<MigrationStep>& steps) {
  int previous = 0;
  for (const auto& step : steps) {
    const std::string v = std::to_string(step.version);
    if (step.version < 1) return unexpected("migration " + v + ": versions start at 1");
    if (step.version <= previous) {
      return unexpected("migration " + v + " follows migration " + std::to_string(previous) +
                        ": versions must be strictly ascending");
    }
    bool has_sql = !step.sql.empty();
    bool has_apply = static_cast<bool>(step.apply);
    if (has_sql == has_apply) {
      return unexpected(
          "migration " + v +
          (has_sql ? " has both sql and apply: give one" : " has neither sql nor apply"));
    }
    previous = step.version;
  }
  return {};
}

std::string migration_checksum(const MigrationStep& step) {
  return fnv1a64_hex(step.apply ? step.checksum_text : step.sql);
}

Expected<void> check_history(const std::vector<AppliedMigration>& applied,
                             const std::vector<MigrationStep>& steps,
                             const std::filesystem::path& db_path) {
  const int latest_declared = steps.empty() ? 0 : steps.back().version;
  const int latest_applied = applied.empty() ? 0 : applied.back().version;
  const std::string file = db_path.string();
  if (latest_applied > latest_declared) {
    return unexpected("database " + file + " is at migration " + std::to_string(latest_applied) +
                      ", newer than this plugin's latest (" + std::to_string(latest_declared) +
                      "): refusing to downgrade; the database is left untouched");
  }
  for (const auto& a : applied) {
    const std::string v = std::to_string(a.version);
    const MigrationStep* step = find_step(steps, a.version);
    if (!step) {
      return unexpected("migration " + v + " was applied to database " + file +
                        " but is no longer declared: migrations must not be removed once applied");
    }
    std::string declared = migration_checksum(*step);
    if (declared != a.checksum) {
      return unexpected("migration " + v + " was applied with checksum " + a.checksum +
                        ", but the plugin now declares " + declared +
                        ": migrations must not change once applied; add a new one");
    }
  }
  for (const auto& step : steps) {
    if (step.version >= latest_applied) break;
    bool found = std::any_of(applied.begin(), applied.end(),
                             [&](const AppliedMigration& a) { return a.version == step.version; });
    if (!found) {
      return unexpected("migration " + std::to_string(step.version) +
                        " was never applied, but database " + file + " is already at migration " +
                        std::to_string(latest_applied) + ": new migrations need versions above " +
                        std::to_string(latest_applied));
    }
  }
  return {};
}

Expected<void> run_migrations(SqliteConnection& db, const std::vector<MigrationStep>& steps,
                              const MigrationSettings& settings) noexcept {
  try {
    if (auto valid = validate_migrations(steps); !valid) return valid;
    auto read = read_applied(db);
    if (!read) {
      return unexpected("cannot read the migrations of " + settings.db_path.string() + ": " +
                        read.error());
    }
    const std::vector<AppliedMigration>& applied = *read;
    if (auto fits = check_history(applied, steps, settings.db_path); !fits) return fits;
    const int current = applied.empty() ? 0 : applied.back().version;
    auto pending = std::find_if(steps.begin(), steps.end(),
                                [&](const MigrationStep& s) { return s.version > current; });
    if (pending == steps.end()) return {};
    if (settings.before_applying) {
      if (auto ready = settings.before_applying(db); !ready) return ready;
    }
    if (current > 0 && settings.keep_backups > 0) back_up(db, current, settings);
    for (; pending != steps.end(); ++pending) {
      if (auto applied_one = apply_one(db, *pending); !applied_one) return applied_one;
      log::info("applied migration",
                {{"database", settings.db_path.string()}, {"version", pending->version}});
    }
    return {};
  } catch (const std::exception& e) {
    return unexpected(std::string(e.what()));
  }
}

}  // namespace berth::storage
