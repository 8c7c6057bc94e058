#include "runner_schemas.h"

#include <berth/error_schema.h>

#include <algorithm>

namespace runner {
namespace {

using nlohmann::json;

// "disk-usage: Size in KiB of a folder" for the command's description in the document.
std::string command_list(const std::map<std::string, CommandSpec>& commands) {
  std::string text;
  for (const auto& [name, spec] : commands) {
    text += "\n- " + name;
    if (!spec.description.empty()) text += ": " + spec.description;
  }
  return text;
}

std::string placeholder_list(const std::map<std::string, CommandSpec>& commands) {
  std::string text;
  for (const auto& [name, spec] : commands)
    for (const auto& [param, pattern] : spec.param_patterns)
      text += "\n- " + name + ": " + param + " matches " + pattern;
  return text;
}

}  // namespace

json run_params_schema(const std::map<std::string, CommandSpec>& commands) {
  json schema = json::parse(R"json({
    "type": "object",
    "additionalProperties": false,
    "required": ["command"],
    "properties": {
      "command": {"type": "string"},
      "args": {"type": ["object", "null"], "additionalProperties": {"type": "string"}}
    }
  })json");
  auto& command = schema["properties"]["command"];
  auto& args = schema["properties"]["args"];
  command["description"] = "an allow-listed command" + command_list(commands);
  args["description"] = "the command's placeholders; each value must match its RE2 pattern whole" +
                        placeholder_list(commands);
  // An empty enum would be a schema nothing matches; the runner refuses every command then.
  if (!commands.empty()) {
    command["enum"] = json::array();
    std::size_t longest = 0;
    for (const auto& [name, spec] : commands) {
      command["enum"].push_back(name);
      longest = std::max(longest, spec.max_arg_bytes);
    }
    // maxLength counts code points, max_arg_bytes bytes: a bound the runner's own check tightens.
    args["additionalProperties"]["maxLength"] = longest;
  }
  return schema;
}

json run_result_schema() {
  return json::parse(R"json({
    "type": "object",
    "additionalProperties": false,
    "required": ["command", "argv", "exit_code", "signal", "timed_out"],
    "properties": {
      "command": {"type": "string"},
      "argv": {"type": "array", "items": {"type": "string"}, "description": "as run"},
      "exit_code": {"type": "integer", "minimum": -1, "description": "-1 when killed by a signal"},
      "signal": {"type": "integer", "minimum": 0, "description": "0 unless killed by one"},
      "timed_out": {"type": "boolean"}
    }
  })json");
}

json accepted_schema() {
  return json::parse(R"json({
    "type": "object",
    "additionalProperties": false,
    "required": ["id", "state"],
    "properties": {
      "id": {"type": "string", "description": "follow it at /_berth/jobs/{id}"},
      "state": {"type": "string", "enum": ["queued"]}
    }
  })json");
}

json commands_schema() {
  return json::parse(R"json({
    "type": "object",
    "additionalProperties": false,
    "required": ["commands"],
    "properties": {
      "commands": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": false,
          "required": ["name", "description", "argv", "params", "timeout"],
          "properties": {
            "name": {"type": "string"},
            "description": {"type": "string"},
            "argv": {"type": "array", "items": {"type": "string"}},
            "params": {
              "type": "object",
              "additionalProperties": {"type": "string"},
              "description": "placeholder -> RE2 pattern"
            },
            "timeout": {"type": "integer", "minimum": 1, "description": "seconds"}
          }
        }
      }
    }
  })json");
}

json usage_query_schema() {
  return json::parse(R"json({
    "type": "object",
    "properties": {
      "limit": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 60,
                "description": "samples, newest first"}
    }
  })json");
}

json usage_schema() {
  return json::parse(R"json({
    "type": "object",
    "additionalProperties": false,
    "required": ["samples"],
    "properties": {
      "samples": {
        "type": "array",
        "description": "newest first",
        "items": {
          "type": "object",
          "additionalProperties": false,
          "required": ["time", "path", "total_bytes", "used_bytes", "free_bytes"],
          "properties": {
            "time": {"type": "string", "description": "UTC, RFC 3339"},
            "path": {"type": "string"},
            "total_bytes": {"type": "integer"},
            "used_bytes": {"type": "integer"},
            "free_bytes": {"type": "integer"}
          }
        }
      }
    }
  })json");
}

}  // namespace runner
