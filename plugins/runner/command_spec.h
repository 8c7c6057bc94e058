#pragma once
// The allow-list: which commands the runner may start, from the plugin's config.
//
//   commands:
//     disk-usage:
//       argv: [du, -sk, "{path}"]       # no shell: each element is one argument
//       params: {path: "^/[A-Za-z0-9._/-]*$"}   # each placeholder's allowed values (a regex)
//       timeout: 600                    # seconds; the process group is killed after it
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace runner {

struct CommandSpec {
  std::string name;
  std::vector<std::string> argv;
  std::map<std::string, std::string> param_patterns;  // placeholder -> regex source
  std::chrono::seconds timeout{600};
  std::string description;
};

// Throws std::invalid_argument naming the command and key at fault.
std::map<std::string, CommandSpec> parse_commands(const nlohmann::json& config);

// The argv with {placeholders} filled from `args`. Throws berth::HttpError(400) naming the
// parameter when one is missing, unknown, not a string or does not match its pattern.
std::vector<std::string> expand_argv(const CommandSpec& spec, const nlohmann::json& args);

}  // namespace runner
