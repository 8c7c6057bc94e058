#pragma once
#include <chrono>
#include <string>

namespace berth::storage {

// 20240102T030405678Z: sorts as text in time order; used in backup file names.
std::string utc_compact(std::chrono::system_clock::time_point t);
// 2024-01-02T03:04:05.678Z: for _berth_migrations.applied_at.
std::string utc_iso8601(std::chrono::system_clock::time_point t);

}  // namespace berth::storage
