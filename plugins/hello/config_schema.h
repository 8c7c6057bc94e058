#pragma once
// hello's `config:` section, checked by the host at start and on every reload.

namespace hello {

inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "greeting": {"type": "string", "minLength": 1, "description": "what GET /hello says"}
  }
})json";

}  // namespace hello
