#include "command_spec.h"

#include "refusal.h"

#include <re2/re2.h>

#include <stdexcept>

namespace runner {
namespace {

[[noreturn]] void bad(const std::string& command, const std::string& what) {
  throw std::invalid_argument("commands." + command + ": " + what);
}

// A bad pattern is a config problem with RE2's reason, not a line RE2 prints to stderr.
std::shared_ptr<const re2::RE2> compile_pattern(const std::string& name, const std::string& param,
                                                const std::string& pattern) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_shared<const re2::RE2>(pattern, options);
  if (!regex->ok()) bad(name, "params." + param + " is not a valid regex: " + regex->error());
  return regex;
}

std::size_t max_arg_bytes_of(const nlohmann::json& config) {
  auto it = config.find("max_arg_bytes");
  if (it == config.end()) return kDefaultMaxArgBytes;
  if (!it->is_number_integer() || it->get<long long>() < 1)
    throw std::invalid_argument("max_arg_bytes: expected a positive number of bytes");
  return it->get<std::size_t>();
}

CommandSpec parse_one(const std::string& name, const nlohmann::json& j, std::size_t max_arg_bytes) {
  CommandSpec spec;
  spec.name = name;
  spec.max_arg_bytes = max_arg_bytes;
  if (!j.is_object()) bad(name, "expected a map with argv");
  for (const auto& [key, value] : j.items())
    if (key != "argv" && key != "params" && key != "timeout" && key != "description")
      bad(name, "unknown key '" + key + "' (expected argv, params, timeout, description)");
  auto argv = j.find("argv");
  if (argv == j.end() || !argv->is_array() || argv->empty())
    bad(name, "argv must be a non-empty list of strings");
  for (const auto& a : *argv) {
    if (!a.is_string()) bad(name, "argv must be a non-empty list of strings");
    spec.argv.push_back(a.get<std::string>());
  }
  if (auto params = j.find("params"); params != j.end()) {
    if (!params->is_object()) bad(name, "params must map each placeholder to a regex");
    for (const auto& [param, pattern] : params->items()) {
      if (!pattern.is_string()) bad(name, "params." + param + " must be a regex string");
      spec.param_regexes[param] = compile_pattern(name, param, pattern.get<std::string>());
      spec.param_patterns[param] = pattern.get<std::string>();
    }
  }
  if (auto timeout = j.find("timeout"); timeout != j.end()) {
    if (!timeout->is_number_integer() || timeout->get<long>() <= 0)
      bad(name, "timeout must be a positive number of seconds");
    spec.timeout = std::chrono::seconds(timeout->get<long>());
  }
  spec.description = j.value("description", "");
  return spec;
}

void check_value(const CommandSpec& spec, const std::string& param, const std::string& text) {
  if (text.size() > spec.max_arg_bytes)
    throw arg_refusal(param, std::to_string(text.size()) + " bytes is longer than the limit of " +
                                 std::to_string(spec.max_arg_bytes) + " (max_arg_bytes)");
  if (text.find('\0') != std::string::npos)
    throw arg_refusal(param, "a process argument cannot hold a NUL");
  if (!re2::RE2::FullMatch(text, *spec.param_regexes.at(param)))  // the whole value, as ^...$
    throw arg_refusal(param, "'" + text + "' does not match " + spec.param_patterns.at(param));
}

}  // namespace

std::map<std::string, CommandSpec> parse_commands(const nlohmann::json& config) {
  std::map<std::string, CommandSpec> commands;
  if (!config.is_object()) return commands;
  auto it = config.find("commands");
  if (it == config.end() || it->is_null()) return commands;
  if (!it->is_object()) throw std::invalid_argument("commands: expected a map of name -> command");
  const std::size_t max_arg_bytes = max_arg_bytes_of(config);
  for (const auto& [name, spec] : it->items())
    commands.emplace(name, parse_one(name, spec, max_arg_bytes));
  return commands;
}

std::vector<std::string> expand_argv(const CommandSpec& spec, const nlohmann::json& args) {
  if (!args.is_null() && !args.is_object())
    throw refusal("args", "expected an object of parameter values");
  if (args.is_object()) {
    for (const auto& [key, value] : args.items())
      if (!spec.param_patterns.count(key))
        throw arg_refusal(key, "command '" + spec.name + "' takes no such parameter");
  }
  std::vector<std::string> argv;
  for (const auto& arg : spec.argv) {
    std::string out;
    for (std::size_t i = 0; i < arg.size();) {
      auto open = arg.find('{', i);
      auto close = open == std::string::npos ? std::string::npos : arg.find('}', open);
      if (close == std::string::npos) {
        out += arg.substr(i);
        break;
      }
      out += arg.substr(i, open - i);
      std::string param = arg.substr(open + 1, close - open - 1);
      auto pattern = spec.param_patterns.find(param);
      if (pattern == spec.param_patterns.end()) {  // not a placeholder: literal braces
        out += arg.substr(open, close - open + 1);
      } else {
        auto value = args.is_object() ? args.find(param) : args.end();
        if (!args.is_object() || value == args.end() || !value->is_string())
          throw arg_refusal(param, "a string is required");
        const auto& text = value->get_ref<const std::string&>();
        check_value(spec, param, text);
        out += text;
      }
      i = close + 1;
    }
    argv.push_back(std::move(out));
  }
  return argv;
}

}  // namespace runner
