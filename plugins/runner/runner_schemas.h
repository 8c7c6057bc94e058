#pragma once
// The runner's routes and its `run` job as JSON Schemas: checked by the host before a handler or a
// job's validate runs, and published in /_berth/openapi.json. The allow-list is config, so the
// params' schema is made from it: `command` is one of its names. What a schema cannot say (which
// placeholders a command takes, their RE2 patterns, byte lengths) expand_argv still checks.
#include "command_spec.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace runner {

// {"command": <allowed name>, "args": {<placeholder>: <text>} | null}: the job's params and the
// body of POST /run.
nlohmann::json run_params_schema(const std::map<std::string, CommandSpec>& commands);
// {"command", "argv", "exit_code", "signal", "timed_out"}
nlohmann::json run_result_schema();
// 202 {"id", "state": "queued"}
nlohmann::json accepted_schema();
// GET /commands
nlohmann::json commands_schema();
// GET /usage?limit=
nlohmann::json usage_query_schema();
nlohmann::json usage_schema();

}  // namespace runner
