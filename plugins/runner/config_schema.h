#pragma once
// The runner's `config:` section, checked by the host before registration. parse_settings() still
// checks what a schema cannot (the params' regexes compile with RE2).

namespace runner {

inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "usage_path": {"type": "string", "minLength": 1, "description": "folder whose size is sampled"},
    "usage_interval": {"type": "integer", "minimum": 1, "description": "seconds between samples"},
    "usage_keep": {"type": "integer", "minimum": 1, "description": "samples kept"},
    "max_arg_bytes": {"type": "integer", "minimum": 1, "maximum": 131072,
                      "description": "longest value a placeholder takes; 400 above it"},
    "commands": {
      "type": "object",
      "description": "the allow-list: name -> command",
      "additionalProperties": {
        "type": "object",
        "required": ["argv"],
        "additionalProperties": false,
        "properties": {
          "description": {"type": "string"},
          "argv": {"type": "array", "minItems": 1, "items": {"type": "string"}},
          "params": {"type": "object", "additionalProperties": {"type": "string"}},
          "timeout": {"type": "integer", "minimum": 1, "description": "seconds"}
        }
      }
    }
  }
})json";

}  // namespace runner
