#include "docker_schemas.h"

#include <berth/error_schema.h>

#include "container_view.h"

namespace docker_plugin {
namespace {

using nlohmann::json;

json nullable(const char* type) {
  return {{"type", json::array({type, "null"})}};
}

json string_map() {
  return {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}};
}

// An object whose every property is required and no other is sent: the plugin builds each answer
// field by field (container_view.cc, engine_routes.cc, volumes.cc, event_store.cc).
json closed_object(json properties) {
  json required = json::array();
  for (const auto& [name, _] : properties.items()) required.push_back(name);
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", std::move(required)},
          {"properties", std::move(properties)}};
}

json container_ref_schema() {
  return {{"type", "string"},
          {"minLength", 1},
          {"maxLength", kMaxContainerRef},
          {"description", "a container id, unique id prefix or name ([A-Za-z0-9][A-Za-z0-9_.-]*)"}};
}

json stop_timeout_schema() {
  json schema = nullable("integer");
  schema["minimum"] = 0;
  schema["maximum"] = 3600;
  return schema;
}

json container_state_schema() {
  return closed_object({{"status", {{"type", "string"}}},
                        {"running", {{"type", "boolean"}}},
                        {"paused", {{"type", "boolean"}}},
                        {"restarting", {{"type", "boolean"}}},
                        {"oom_killed", {{"type", "boolean"}}},
                        {"dead", {{"type", "boolean"}}},
                        {"pid", {{"type", "integer"}}},
                        {"exit_code", {{"type", "integer"}}},
                        {"error", {{"type", "string"}}},
                        {"started_at", {{"type", "string"}}},
                        {"finished_at", {{"type", "string"}}},
                        {"health", nullable("string")}});
}

// The host turns "true" and "false" into booleans; the handlers also take 1 and 0 (and `all` an
// empty value), which stay text, so the schema lists them rather than refuse what worked before.
json flag_schema(bool empty_is_false, const char* description) {
  json values = json::array({true, false, "1", "0"});
  if (empty_is_false) values.push_back("");
  return {{"type", json::array({"boolean", "string"})},
          {"enum", std::move(values)},
          {"default", false},
          {"description", description}};
}

json array_of(json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}

}  // namespace

json container_path_schema() {
  return {{"type", "object"},
          {"required", json::array({"id"})},
          {"properties", {{"id", container_ref_schema()}}}};
}

json list_containers_query_schema() {
  json schema = json::parse(R"json({
    "type": "object",
    "properties": {
      "label": {
        "type": "string",
        "minLength": 1,
        "maxLength": 1024,
        "description": "key or key=value; repeat it to require several labels"
      }
    }
  })json");
  schema["properties"]["all"] = flag_schema(true, "stopped containers too");
  return schema;
}

json logs_query_schema(const Settings& settings) {
  json schema = json::parse(R"json({
    "type": "object",
    "properties": {
      "tail": {"type": "string", "maxLength": 9, "default": "200"}
    }
  })json");
  schema["properties"]["tail"]["description"] =
      "all, or a number of lines 0 to " + std::to_string(settings.logs_max_tail);
  return schema;
}

json volumes_query_schema() {
  return {{"type", "object"},
          {"properties",
           {{"refresh", flag_schema(false,
                                    "measure the sizes again (a volume-sizes job) even if they "
                                    "are known")}}}};
}

json events_query_schema(const Settings& settings) {
  json schema = json::parse(R"json({
    "type": "object",
    "properties": {
      "since": {
        "type": "string",
        "minLength": 1,
        "maxLength": 21,
        "description": "engine time, Unix seconds with an optional fraction (1700000000.5): events at or after it"
      },
      "after": {
        "type": "integer",
        "minimum": 0,
        "maximum": 999999999999999999,
        "description": "last_seq of the previous answer: events recorded after it"
      },
      "container": {"type": "string", "minLength": 1, "maxLength": 255,
                    "description": "a full container id or name"},
      "limit": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1000}
    }
  })json");
  schema["description"] =
      "The record keeps the newest " + std::to_string(settings.events_max_rows) + " events";
  return schema;
}

json stop_body_schema(const Settings& settings) {
  json timeout = stop_timeout_schema();
  timeout["description"] = "seconds before SIGKILL; default " +
                           std::to_string(settings.stop_timeout_seconds) + " (stop_timeout)";
  return {{"type", json::array({"object", "null"})},
          {"additionalProperties", false},
          {"properties", {{"timeout", std::move(timeout)}}},
          {"description", "optional"}};
}

json target_params_schema() {
  json timeout = stop_timeout_schema();
  timeout["description"] = "seconds before SIGKILL; absent or null: the plugin's stop_timeout";
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", json::array({"id"})},
          {"properties", {{"id", container_ref_schema()}, {"timeout", std::move(timeout)}}}};
}

json target_result_schema() {
  return closed_object({{"id", {{"type", "string"}}},
                        {"name", {{"type", "string"}}},
                        {"state", container_state_schema()}});
}

json no_params_schema() {
  return {{"type", "object"}, {"additionalProperties", false}, {"description", "none"}};
}

json sizes_result_schema() {
  return closed_object({{"volumes", {{"type", "integer"}, {"minimum", 0}}},
                        {"total_bytes", {{"type", "integer"}, {"minimum", 0}}},
                        {"measured_at", {{"type", "string"}}}});
}

json info_schema() {
  json counts = closed_object({{"total", {{"type", "integer"}}},
                               {"running", {{"type", "integer"}}},
                               {"paused", {{"type", "integer"}}},
                               {"stopped", {{"type", "integer"}}}});
  json properties = {{"containers", std::move(counts)}, {"images", {{"type", "integer"}}}};
  for (const char* text :
       {"engine_version", "api_version", "min_api_version", "negotiated_api_version", "os", "arch",
        "kernel_version", "name", "storage_driver"})
    properties[text] = {{"type", "string"}};
  return closed_object(std::move(properties));
}

json status_schema() {
  json engine = closed_object({{"reachable", nullable("boolean")},
                               {"socket", {{"type", "string"}}},
                               {"api_version", nullable("string")},
                               {"last_error", nullable("string")},
                               {"since", nullable("string")}});
  engine["properties"]["reachable"]["description"] = "null until first tried";
  json events = closed_object({{"following", {{"type", "boolean"}}},
                               {"recorded", {{"type", "integer"}}},
                               {"connects", {{"type", "integer"}}}});
  return closed_object({{"engine", std::move(engine)}, {"events", std::move(events)}});
}

json containers_schema() {
  json summary = closed_object({{"id", {{"type", "string"}}},
                                {"names", array_of({{"type", "string"}})},
                                {"image", {{"type", "string"}}},
                                {"image_id", {{"type", "string"}}},
                                {"command", {{"type", "string"}}},
                                {"state", {{"type", "string"}}},
                                {"status", {{"type", "string"}}},
                                {"labels", string_map()},
                                {"created", {{"type", "integer"}}}});
  summary["properties"]["created"]["description"] = "Unix seconds";
  return closed_object({{"containers", array_of(std::move(summary))}});
}

json container_schema() {
  json mount = closed_object({{"type", {{"type", "string"}}},
                              {"name", {{"type", "string"}}},
                              {"source", {{"type", "string"}}},
                              {"destination", {{"type", "string"}}},
                              {"read_write", {{"type", "boolean"}}}});
  return closed_object({{"id", {{"type", "string"}}},
                        {"name", {{"type", "string"}}},
                        {"image", {{"type", "string"}}},
                        {"image_id", {{"type", "string"}}},
                        {"created", {{"type", "string"}}},
                        {"command", array_of({{"type", "string"}})},
                        {"tty", {{"type", "boolean"}}},
                        {"labels", string_map()},
                        {"restart_count", {{"type", "integer"}}},
                        {"restart_policy", {{"type", "string"}}},
                        {"network_mode", {{"type", "string"}}},
                        {"mounts", array_of(std::move(mount))},
                        {"state", container_state_schema()}});
}

json logs_schema() {
  json line =
      closed_object({{"stream", {{"type", "string"}, {"enum", json::array({"stdout", "stderr"})}}},
                     {"text", {{"type", "string"}}}});
  return closed_object({{"id", {{"type", "string"}}},
                        {"tty", {{"type", "boolean"}}},
                        {"lines", array_of(std::move(line))}});
}

json volumes_schema() {
  json volume = closed_object({{"name", {{"type", "string"}}},
                               {"driver", {{"type", "string"}}},
                               {"mountpoint", {{"type", "string"}}},
                               {"created", {{"type", "string"}}},
                               {"scope", {{"type", "string"}}},
                               {"labels", string_map()},
                               {"size_bytes", nullable("integer")},
                               {"ref_count", nullable("integer")}});
  volume["properties"]["size_bytes"]["description"] = "null until measured";
  json sizes = closed_object({{"measured_at", nullable("string")}, {"job", nullable("string")}});
  sizes["properties"]["job"]["description"] = "a pending volume-sizes job: /_berth/jobs/{job}";
  return closed_object({{"volumes", array_of(std::move(volume))}, {"sizes", std::move(sizes)}});
}

json events_schema() {
  json event = closed_object({{"seq", {{"type", "integer"}}},
                              {"time", {{"type", "string"}}},
                              {"time_nano", {{"type", "integer"}}},
                              {"action", {{"type", "string"}}},
                              {"id", {{"type", "string"}}},
                              {"name", {{"type", "string"}}},
                              {"image", {{"type", "string"}}},
                              {"exit_code", nullable("integer")},
                              {"attributes", string_map()}});
  json page = closed_object({{"events", array_of(std::move(event))},
                             {"last_seq", {{"type", "integer"}}},
                             {"oldest_seq", nullable("integer")},
                             {"newest_seq", nullable("integer")},
                             {"dropped", {{"type", "boolean"}}},
                             {"following", {{"type", "boolean"}}}});
  page["properties"]["events"]["description"] = "oldest first";
  page["properties"]["last_seq"]["description"] = "pass it back as after";
  page["properties"]["dropped"]["description"] =
      "rows after `after` were already dropped by the bound";
  return page;
}

json job_started_schema() {
  json schema = closed_object({{"id", {{"type", "string"}}},
                               {"state", {{"type", "string"}, {"enum", json::array({"queued"})}}},
                               {"container", {{"type", "string"}}}});
  schema["properties"]["id"]["description"] = "the job: follow it at /_berth/jobs/{id}";
  schema["properties"]["container"]["description"] = "the container's full id";
  return schema;
}

std::map<int, json> engine_errors(bool with_not_found) {
  std::map<int, json> errors = {{500, berth::error_schema()},
                                {502, berth::error_schema()},
                                {503, berth::error_schema()},
                                {504, berth::error_schema()}};
  if (with_not_found) errors[404] = berth::error_schema();
  return errors;
}

}  // namespace docker_plugin
