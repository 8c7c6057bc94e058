#pragma once
// hello's routes as JSON Schemas: checked by the host before a handler runs and published in
// /_berth/openapi.json.
#include <nlohmann/json.hpp>

namespace hello {

// {"message": "<greeting>"} and {"message": "<greeting>, <name>"}.
nlohmann::json greeting_schema();
// /hello/:name
nlohmann::json name_path_schema();
// POST /hello/echo takes and returns any JSON value but null (an empty body is null).
nlohmann::json echo_schema();

}  // namespace hello
