#pragma once
// Copies of a database taken before migrating it: <stem>-v<version>-<YYYYMMDDTHHMMSSmmmZ>.db.
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace berth::storage {

std::string backup_file_name(const std::string& stem, int version,
                             std::chrono::system_clock::time_point when);

struct BackupName {
  int version = 0;
  std::string timestamp;  // YYYYMMDDTHHMMSSmmmZ
};
// The parts of a backup file name of `stem`; nullopt for any other file.
std::optional<BackupName> parse_backup_name(const std::string& file_name, const std::string& stem);

// Copies the main database of `source` (a consistent snapshot, with the online backup API) into
// `dir`, creating it. The copy is written under a temporary name and renamed when complete.
// Returns its path; throws std::runtime_error.
std::filesystem::path backup_database(sqlite3* source, const std::filesystem::path& db_path,
                                      int version, const std::filesystem::path& dir);

// A consistent copy of the main database of `source` at `target` (overwritten); throws
// std::runtime_error.
void copy_database(sqlite3* source, const std::filesystem::path& target);
// Replaces the main database of `target` with the database file `source`; throws
// std::runtime_error.
void restore_database(sqlite3* target, const std::filesystem::path& source);

// Deletes a database file with the -wal, -shm and -journal files SQLite may have left beside it.
void remove_database(const std::filesystem::path& file) noexcept;

// Deletes all but the newest `keep` backups of `stem` in `dir`; returns what it deleted.
std::vector<std::filesystem::path> prune_backups(const std::filesystem::path& dir,
                                                 const std::string& stem, int keep);

}  // namespace berth::storage
