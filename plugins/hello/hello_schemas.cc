#include "hello_schemas.h"

#include <berth/error_schema.h>

namespace hello {

using nlohmann::json;

json greeting_schema() {
  return json::parse(R"json({
    "type": "object",
    "additionalProperties": false,
    "required": ["message"],
    "properties": {"message": {"type": "string"}}
  })json");
}

json name_path_schema() {
  return json::parse(R"json({
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string", "minLength": 1, "description": "who is greeted"}}
  })json");
}

json echo_schema() {
  return json::parse(R"json({
    "type": ["object", "array", "string", "number", "boolean"],
    "description": "any JSON value but null"
  })json");
}

}  // namespace hello
