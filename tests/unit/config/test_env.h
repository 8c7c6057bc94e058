#pragma once
// Shared helpers for the config tests: a fake environment and problem capture.
#include "config/load.h"

#include <map>
#include <string>
#include <vector>

namespace berth::config::test {

// An Environment backed by a map, so tests never depend on the real one.
inline Environment fake_env(std::map<std::string, std::string> vars = {}) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// The problems load_string reports, as strings; empty when it loads.
inline std::vector<std::string> problems(const std::string& yaml,
                                         std::map<std::string, std::string> vars = {}) {
  try {
    load_string(yaml, "berth.yaml", fake_env(std::move(vars)));
  } catch (const ConfigError& e) {
    std::vector<std::string> out;
    for (const Problem& p : e.problems()) out.push_back(p.to_string());
    return out;
  }
  return {};
}

// The single problem load_string reports ("" if none; all of them joined if several).
inline std::string problem(const std::string& yaml, std::map<std::string, std::string> vars = {}) {
  std::string out;
  for (const std::string& p : problems(yaml, std::move(vars))) out += (out.empty() ? "" : "\n") + p;
  return out;
}

inline HostConfig load(const std::string& yaml, std::map<std::string, std::string> vars = {}) {
  return load_string(yaml, "berth.yaml", fake_env(std::move(vars)));
}

}  // namespace berth::config::test
