#include "app/berth_schemas.h"

#include <berth/error_schema.h>

namespace berth::app::schemas {

using nlohmann::literals::operator""_json;

nlohmann::json error() {
  return berth::error_schema();
}

nlohmann::json health() {
  return R"json({"type": "object", "required": ["status"],
    "properties": {"status": {"const": "ok"}}})json"_json;
}

nlohmann::json ready() {
  return R"json({"type": "object", "required": ["ready"],
    "properties": {"ready": {"type": "boolean"}, "message": {"type": "string"}}})json"_json;
}

nlohmann::json plugins() {
  return R"json({"type": "object", "required": ["plugins"], "properties": {"plugins": {
    "type": "array", "items": {"type": "object",
      "required": ["name", "version", "description", "path", "mount", "status", "required",
                   "routes", "error"],
      "properties": {
        "name": {"type": "string"}, "version": {"type": "string"},
        "description": {"type": "string"}, "path": {"type": "string"},
        "mount": {"type": "string"},
        "status": {"type": "string",
                   "enum": ["starting", "running", "failed", "disabled", "stopped"]},
        "required": {"type": "boolean"},
        "routes": {"type": "array", "items": {"type": "string"},
                   "description": "\"METHOD /path\", mount included"},
        "error": {"type": ["string", "null"]},
        "requests": {"type": "integer"}, "server_errors": {"type": "integer"},
        "exceptions": {"type": "integer"},
        "isolation": {"type": "string", "enum": ["in-process", "process"]},
        "child": {"type": "object",
          "description": "isolation: process: the plugin's child process",
          "properties": {
            "state": {"type": "string",
                      "enum": ["starting", "running", "restarting", "failed", "stopped"]},
            "pid": {"type": ["integer", "null"]},
            "crashes": {"type": "integer"}, "restarts": {"type": "integer"},
            "last_crash": {"type": ["string", "null"]},
            "last_signal": {"type": ["string", "null"]},
            "stderr": {"type": "array", "items": {"type": "string"},
                       "description": "its last lines on stderr, across restarts"},
            "deadline_ms": {"type": "integer"}, "max_crashes": {"type": "integer"},
            "crash_window_ms": {"type": "integer"},
            "memory_limit": {"type": ["integer", "null"],
                             "description": "bytes of address space (RLIMIT_AS)"},
            "open_files_limit": {"type": ["integer", "null"]}}}}}}}})json"_json;
}

nlohmann::json version() {
  return R"json({"type": "object", "required": ["version", "abi", "build_signature"],
    "properties": {"version": {"type": "string"}, "abi": {"type": "integer"},
                   "build_signature": {"type": "string"}}})json"_json;
}

nlohmann::json config() {
  return R"json({"type": "object",
    "description": "the running config with the origin of each value, and the reload status",
    "required": ["watch", "reloads", "failures", "last_reload"],
    "properties": {"watch": {"type": "string", "enum": ["none", "inotify", "signal"]},
                   "reloads": {"type": "integer"}, "failures": {"type": "integer"},
                   "last_reload": {"type": ["object", "null"]}}})json"_json;
}

nlohmann::json job(const nlohmann::json& result) {
  nlohmann::json j = R"json({"type": "object",
    "required": ["id", "plugin", "name", "state", "progress", "message", "error", "created",
                 "started", "finished", "attempt", "resumable", "version"],
    "properties": {
      "id": {"type": "string"}, "plugin": {"type": "string"}, "name": {"type": "string"},
      "state": {"type": "string",
        "enum": ["queued", "running", "succeeded", "failed", "cancelled", "interrupted"]},
      "progress": {"type": "number", "minimum": 0, "maximum": 100},
      "message": {"type": "string"}, "error": {"type": ["string", "null"]},
      "created": {"type": "string", "description": "RFC 3339, UTC"},
      "started": {"type": ["string", "null"]}, "finished": {"type": ["string", "null"]},
      "attempt": {"type": "integer"}, "resumable": {"type": "boolean"},
      "version": {"type": "integer", "description": "changes with every update (long polls)"},
      "params": {"type": "object", "description": "with include=params"},
      "result": {"description": "with include=result; null until the job sets it"},
      "log": {"type": "array", "items": {"type": "string"}, "description": "with include=log"},
      "log_seq": {"type": "integer",
        "description": "with the log: the number of its last line (a job's lines are numbered 1, 2, ...)"}}})json"_json;
  if (!result.is_null()) j["properties"]["result"] = {{"anyOf", {result, {{"type", "null"}}}}};
  return j;
}

nlohmann::json job_list() {
  return {{"type", "object"},
          {"required", {"jobs"}},
          {"properties", {{"jobs", {{"type", "array"}, {"items", job()}}}}}};
}

nlohmann::json job_started() {
  return R"json({"type": "object", "required": ["id", "state"],
    "properties": {"id": {"type": "string"}, "state": {"const": "queued"}}})json"_json;
}

nlohmann::json tasks() {
  return R"json({"type": "object", "required": ["tasks"], "properties": {"tasks": {
    "type": "array", "items": {"type": "object"}}}})json"_json;
}

nlohmann::json job_list_query() {
  return R"json({"type": "object", "properties": {
    "plugin": {"type": "string", "description": "only this plugin's jobs"},
    "state": {"type": "string",
      "enum": ["queued", "running", "succeeded", "failed", "cancelled", "interrupted"]},
    "include": {"type": "string",
      "description": "comma-separated: params, result, log (at most 50 jobs then)"},
    "limit": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}}})json"_json;
}

nlohmann::json job_follow_query() {
  return R"json({"type": "object", "properties": {
    "wait": {"type": "integer", "minimum": 0, "maximum": 60,
      "description": "seconds to wait for a version other than `version`"},
    "version": {"type": "integer", "minimum": 0,
      "description": "the version the client has seen (default: the current one)"}}})json"_json;
}

nlohmann::json job_id_path() {
  return R"json({"type": "object", "required": ["id"],
    "properties": {"id": {"type": "string"}}})json"_json;
}

nlohmann::json log_query() {
  return R"json({"type": "object", "properties": {
    "after": {"type": "integer", "minimum": 0,
      "description": "only lines after this seq, oldest first (pass the last answer's next); without it, the newest lines"},
    "level": {"type": "string", "enum": ["debug", "info", "warn", "error"],
      "description": "the minimum level"},
    "plugin": {"type": "string",
      "description": "only lines whose plugin field is this: what the plugin logged, and the request lines of its routes"},
    "limit": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 200},
    "wait": {"type": "integer", "minimum": 0, "maximum": 60,
      "description": "seconds to wait for a line when there is none yet (long poll)"}}})json"_json;
}

nlohmann::json log_page() {
  return R"json({"type": "object", "required": ["lines", "next", "first_seq", "dropped"],
    "properties": {
      "lines": {"type": "array", "items": {"type": "object",
        "required": ["seq", "time", "level", "msg", "plugin", "fields"],
        "properties": {
          "seq": {"type": "integer", "description": "1 for the host's first line, then one more per line"},
          "time": {"type": "string", "description": "RFC 3339, UTC"},
          "level": {"type": "string", "enum": ["debug", "info", "warn", "error"]},
          "msg": {"type": "string"},
          "plugin": {"type": ["string", "null"]},
          "fields": {"type": "object", "description": "the line's other keys (plugin included)"}}}},
      "next": {"type": "integer",
        "description": "the after of the next poll; smaller than the after sent when the host restarted"},
      "first_seq": {"type": "integer", "description": "the oldest line the host still keeps"},
      "dropped": {"type": "integer",
        "description": "lines after `after` no longer kept: the reader missed them"}}})json"_json;
}

}  // namespace berth::app::schemas
