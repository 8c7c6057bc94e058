#pragma once
// The docker plugin's `config:` section, checked by the host before registration and on reload.
// parse_settings() parses the durations and the socket's form. No "pattern": valijson matches it
// with std::regex, which recurses per character (core/plugins/config_schema.cc).

namespace docker_plugin {

inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "definitions": {
    "duration": {
      "description": "seconds, or a string like 500ms, 2s, 1m",
      "anyOf": [
        {"type": "number", "exclusiveMinimum": 0},
        {"type": "string", "minLength": 1}
      ]
    }
  },
  "properties": {
    "socket": {"type": "string", "minLength": 1, "description": "the engine's Unix socket"},
    "connect_timeout": {"$ref": "#/definitions/duration"},
    "request_timeout": {"$ref": "#/definitions/duration"},
    "retry_interval": {"$ref": "#/definitions/duration"},
    "volume_sizes_timeout": {"$ref": "#/definitions/duration"},
    "events_max_rows": {"type": "integer", "minimum": 1, "maximum": 10000000},
    "logs_max_tail": {"type": "integer", "minimum": 1, "maximum": 1000000},
    "stop_timeout": {"type": "integer", "minimum": 1, "maximum": 3600, "description": "seconds"}
  }
})json";

}  // namespace docker_plugin
