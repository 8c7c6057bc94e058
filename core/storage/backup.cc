#include "storage/backup.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>
#include <system_error>

#include "log/utc_time.h"

namespace berth::storage {
namespace {

constexpr std::size_t kTimestampSize = 19;  // YYYYMMDDTHHMMSSmmmZ

struct CloseDatabase {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool valid_timestamp(std::string_view t) {
  return t.size() == kTimestampSize && all_digits(t.substr(0, 8)) && t[8] == 'T' &&
         all_digits(t.substr(9, 9)) && t[18] == 'Z';
}

std::string sqlite_error(sqlite3* db, int rc) {
  return db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
}

}  // namespace

void copy_database(sqlite3* source, const std::filesystem::path& target) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(target.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, CloseDatabase> dest(raw);
  if (rc != SQLITE_OK) throw std::runtime_error(sqlite_error(raw, rc));
  sqlite3_backup* backup = sqlite3_backup_init(dest.get(), "main", source, "main");
  if (!backup) throw std::runtime_error(sqlite3_errmsg(dest.get()));
  rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errstr(rc));
}

void restore_database(sqlite3* target, const std::filesystem::path& source) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(source.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, CloseDatabase> from(raw);
  if (rc != SQLITE_OK) throw std::runtime_error(sqlite_error(raw, rc));
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", from.get(), "main");
  if (!backup) throw std::runtime_error(sqlite3_errmsg(target));
  rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errstr(rc));
}

void remove_database(const std::filesystem::path& file) noexcept {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::filesystem::remove(file.string() + suffix, ec);
}

std::string backup_file_name(const std::string& stem, int version,
                             std::chrono::system_clock::time_point when) {
  return stem + "-v" + std::to_string(version) + "-" +
         log::utc_timestamp(when, log::UtcStyle::compact) + ".db";
}

std::optional<BackupName> parse_backup_name(const std::string& file_name, const std::string& stem) {
  // Parsed from the end: the stem may itself contain "-v".
  std::string_view name(file_name);
  if (name.size() < 3 || name.substr(name.size() - 3) != ".db") return std::nullopt;
  name.remove_suffix(3);
  if (name.size() < kTimestampSize + 1) return std::nullopt;
  std::string_view timestamp = name.substr(name.size() - kTimestampSize);
  name.remove_suffix(kTimestampSize);
  if (!valid_timestamp(timestamp) || name.back() != '-') return std::nullopt;
  name.remove_suffix(1);
  auto v = name.rfind("-v");
  if (v == std::string_view::npos || name.substr(0, v) != stem) return std::nullopt;
  std::string_view digits = name.substr(v + 2);
  if (!all_digits(digits) || digits.size() > 9) return std::nullopt;
  return BackupName{std::stoi(std::string(digits)), std::string(timestamp)};
}

std::filesystem::path backup_database(sqlite3* source, const std::filesystem::path& db_path,
                                      int version, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create " + dir.string() + ": " + ec.message());
  const std::string stem = db_path.stem().string();
  auto when = std::chrono::system_clock::now();
  std::filesystem::path target = dir / backup_file_name(stem, version, when);
  // Two backups within one millisecond (tests, a quick retry) must not overwrite each other.
  while (std::filesystem::exists(target)) {
    when += std::chrono::milliseconds(1);
    target = dir / backup_file_name(stem, version, when);
  }
  std::filesystem::path partial = target;
  partial += ".partial";
  try {
    copy_database(source, partial);
    std::filesystem::rename(partial, target);
  } catch (const std::exception& e) {
    std::filesystem::remove(partial, ec);
    throw std::runtime_error("cannot back up " + db_path.string() + " to " + target.string() +
                             ": " + e.what());
  }
  return target;
}

std::vector<std::filesystem::path> prune_backups(const std::filesystem::path& dir,
                                                 const std::string& stem, int keep) {
  struct Found {
    BackupName name;
    std::filesystem::path path;
  };
  std::vector<Found> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    if (auto name = parse_backup_name(entry.path().filename().string(), stem))
      found.push_back({std::move(*name), entry.path()});
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    if (a.name.timestamp != b.name.timestamp) return a.name.timestamp > b.name.timestamp;
    return a.name.version > b.name.version;
  });
  std::vector<std::filesystem::path> removed;
  for (std::size_t i = static_cast<std::size_t>(std::max(keep, 0)); i < found.size(); ++i) {
    if (std::filesystem::remove(found[i].path, ec)) removed.push_back(found[i].path);
  }
  return removed;
}

}  // namespace berth::storage
