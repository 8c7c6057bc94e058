#pragma once
// Typing plain YAML scalars by the YAML 1.2 core schema (yaml-cpp leaves everything a string).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace berth::config {

bool is_core_null(std::string_view text);              // "", ~, null, Null, NULL
std::optional<bool> core_bool(std::string_view text);  // true/True/TRUE, false/False/FALSE
std::optional<std::int64_t> core_int(
    std::string_view text);  // [-+]123, 0o17, 0x1F; nullopt on overflow
std::optional<double> core_float(std::string_view text);  // 1.5, -2e3, .5, .inf, -.Inf, .nan

// null, bool, int64, double or string, tried in that order. An integer too large for int64 still
// matches the float pattern, so it becomes a double rather than an error.
nlohmann::json core_scalar(std::string_view text);

}  // namespace berth::config
