#pragma once
// The fixed environment the config targets expand ${VAR} against, so every run is reproducible.
#include <map>
#include <optional>
#include <string>

namespace berth::fuzz {

inline std::optional<std::string> config_fuzz_environment(const std::string& name) {
  static const std::map<std::string, std::string> kVariables = {
      {"HOME", "/home/user"}, {"PORT", "8080"},   {"EMPTY", ""},     {"SIZE", "1MiB"},
      {"TIMEOUT", "250ms"},   {"REF", "${HOME}"}, {"DOLLARS", "$$"}, {"BERTH_LOG_LEVEL", "debug"},
      {"NEWLINE", "a\nb: c"}, {"QUOTE", "\"'"}};
  auto it = kVariables.find(name);
  if (it == kVariables.end()) return std::nullopt;
  return it->second;
}

}  // namespace berth::fuzz
