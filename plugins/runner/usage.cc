#include "usage.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace runner {

const std::vector<berth::Migration> kMigrations = {
    {1,
     "CREATE TABLE usage(id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL,"
     " path TEXT NOT NULL, total_bytes INTEGER NOT NULL, used_bytes INTEGER NOT NULL,"
     " free_bytes INTEGER NOT NULL)"},
};

namespace {
std::string utc_now() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
}  // namespace

nlohmann::json measure_usage(const std::string& path) {
  struct statvfs s {};
  if (::statvfs(path.c_str(), &s) != 0)
    throw std::runtime_error("statvfs " + path + ": " + std::strerror(errno));
  const auto total = static_cast<std::int64_t>(s.f_blocks) * static_cast<std::int64_t>(s.f_frsize);
  const auto free = static_cast<std::int64_t>(s.f_bavail) * static_cast<std::int64_t>(s.f_frsize);
  const auto used =
      total - static_cast<std::int64_t>(s.f_bfree) * static_cast<std::int64_t>(s.f_frsize);
  return {{"time", utc_now()},
          {"path", path},
          {"total_bytes", total},
          {"used_bytes", used},
          {"free_bytes", free}};
}

void record_usage(berth::Storage& storage, const nlohmann::json& sample, int keep) {
  storage.write([&](berth::Db& db) {
    db.exec("INSERT INTO usage(time, path, total_bytes, used_bytes, free_bytes) VALUES (?,?,?,?,?)",
            {sample["time"].get<std::string>(), sample["path"].get<std::string>(),
             sample["total_bytes"].get<long long>(), sample["used_bytes"].get<long long>(),
             sample["free_bytes"].get<long long>()});
    db.exec("DELETE FROM usage WHERE id <= (SELECT MAX(id) FROM usage) - ?", {keep});
  });
}

nlohmann::json recent_usage(berth::Storage& storage, int limit) {
  auto rows = storage.read([&](berth::Db& db) {
    return db.query(
        "SELECT time, path, total_bytes, used_bytes, free_bytes FROM usage ORDER BY id DESC LIMIT "
        "?",
        {limit});
  });
  return rows;
}

}  // namespace runner
