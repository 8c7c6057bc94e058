#pragma once
// The allow-list: which commands the runner may start, from the plugin's config.
//
//   commands:
//     disk-usage:
//       argv: [du, -sk, "{path}"]       # no shell: each element is one argument
//       params: {path: "^/[A-Za-z0-9._/-]*$"}   # each placeholder's allowed values (a regex)
//       timeout: 600                    # seconds; the process group is killed after it
//   max_arg_bytes: 4096                 # longest value a placeholder takes (400 above it)
//
// Patterns are RE2 (github.com/google/re2/wiki/Syntax): matching is linear in the value, with no
// recursion, whatever the pattern; backreferences and lookaround are not supported.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace runner {

inline constexpr std::size_t kDefaultMaxArgBytes = 4096;

struct CommandSpec {
  std::string name;
  std::vector<std::string> argv;
  std::map<std::string, std::string> param_patterns;  // placeholder -> regex source
  std::map<std::string, std::shared_ptr<const re2::RE2>> param_regexes;  // compiled once
  std::size_t max_arg_bytes = kDefaultMaxArgBytes;
  std::chrono::seconds timeout{600};
  std::string description;
};

// Throws std::invalid_argument naming the command and key at fault.
std::map<std::string, CommandSpec> parse_commands(const nlohmann::json& config);

// The argv with {placeholders} filled from `args`. Throws berth::HttpError(400) naming the
// parameter when one is missing, unknown, not a string, longer than max_arg_bytes, holds a NUL
// (no process argument can) or does not match its pattern.
std::vector<std::string> expand_argv(const CommandSpec& spec, const nlohmann::json& args);

}  // namespace runner
