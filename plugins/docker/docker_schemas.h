#pragma once
// The docker plugin's routes and jobs as JSON Schemas: checked by the host before a handler or a
// job's validate runs, and published in /_berth/openapi.json. The host's check is coarse: a
// container reference's characters, label syntax, and engine times are still checked by
// container_view.* and event_routes.* before anything reaches the engine.
#include "settings.h"

#include <nlohmann/json.hpp>

#include <map>

namespace docker_plugin {

// Path and query parameters.
nlohmann::json container_path_schema();
nlohmann::json list_containers_query_schema();
nlohmann::json logs_query_schema(const Settings& settings);
nlohmann::json volumes_query_schema();
nlohmann::json events_query_schema(const Settings& settings);

// POST /containers/:id/restart and /stop: {"timeout": seconds} or no body.
nlohmann::json stop_body_schema(const Settings& settings);
// The restart and stop jobs: params {"id", "timeout"} and result {"id", "name", "state"}.
nlohmann::json target_params_schema();
nlohmann::json target_result_schema();
// The volume-sizes job: no params; result {"volumes", "total_bytes", "measured_at"}.
nlohmann::json no_params_schema();
nlohmann::json sizes_result_schema();

// 200 answers.
nlohmann::json info_schema();
nlohmann::json status_schema();
nlohmann::json containers_schema();
nlohmann::json container_schema();
nlohmann::json logs_schema();
nlohmann::json volumes_schema();
nlohmann::json events_schema();
// 202 {"id", "state": "queued", "container"}
nlohmann::json job_started_schema();

// The error statuses every route that asks the engine may answer: the engine's own (500, and 404
// where `with_not_found`), 502 a malformed answer, 503 unreachable, 504 no answer in time.
std::map<int, nlohmann::json> engine_errors(bool with_not_found);

}  // namespace docker_plugin
