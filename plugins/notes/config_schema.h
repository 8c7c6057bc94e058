#pragma once
// The notes plugin's `config:` section, checked by the host before registration.

namespace notes {

inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "max_title": {"type": "integer", "minimum": 1, "description": "characters in a title"},
    "max_body_bytes": {"type": "integer", "minimum": 1, "description": "bytes in a body"}
  }
})json";

}  // namespace notes
