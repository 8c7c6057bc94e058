#include "command_spec.h"

#include <berth/http_error.h>

#include <stdexcept>

namespace runner {
namespace {

[[noreturn]] void bad(const std::string& command, const std::string& what) {
  throw std::invalid_argument("commands." + command + ": " + what);
}

CommandSpec parse_one(const std::string& name, const nlohmann::json& j) {
  CommandSpec spec;
  spec.name = name;
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
      try {
        std::regex check(pattern.get<std::string>());
      } catch (const std::regex_error& e) {
        bad(name, "params." + param + " is not a valid regex: " + e.what());
      }
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

}  // namespace

std::map<std::string, CommandSpec> parse_commands(const nlohmann::json& config) {
  std::map<std::string, CommandSpec> commands;
  if (!config.is_object()) return commands;
  auto it = config.find("commands");
  if (it == config.end() || it->is_null()) return commands;
  if (!it->is_object()) throw std::invalid_argument("commands: expected a map of name -> command");
  for (const auto& [name, spec] : it->items()) commands.emplace(name, parse_one(name, spec));
  return commands;
}

std::vector<std::string> expand_argv(const CommandSpec& spec, const nlohmann::json& args) {
  if (!args.is_null() && !args.is_object())
    throw berth::HttpError(400, "args: expected an object of parameter values",
                           {{"field", "args"}});
  if (args.is_object()) {
    for (const auto& [key, value] : args.items())
      if (!spec.param_patterns.count(key))
        throw berth::HttpError(
            400, "args." + key + ": command '" + spec.name + "' takes no such parameter",
            {{"field", "args." + key}});
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
          throw berth::HttpError(400, "args." + param + ": a string is required",
                                 {{"field", "args." + param}});
        const std::string text = value->get<std::string>();
        if (!std::regex_match(text, std::regex(pattern->second)))
          throw berth::HttpError(
              400, "args." + param + ": '" + text + "' does not match " + pattern->second,
              {{"field", "args." + param}});
        out += text;
      }
      i = close + 1;
    }
    argv.push_back(std::move(out));
  }
  return argv;
}

}  // namespace runner
