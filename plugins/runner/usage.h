#pragma once
// Disk usage of the data volume, sampled periodically into the plugin's table.
#include <berth/storage.h>

#include <nlohmann/json.hpp>

#include <string>

namespace runner {

extern const std::vector<berth::Migration> kMigrations;

// statvfs of `path`: {"path", "total_bytes", "used_bytes", "free_bytes"}. Throws on failure.
nlohmann::json measure_usage(const std::string& path);

void record_usage(berth::Storage& storage, const nlohmann::json& sample, int keep);
// Newest first.
nlohmann::json recent_usage(berth::Storage& storage, int limit);

}  // namespace runner
