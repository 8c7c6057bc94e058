#include "app/openapi_document.h"

#include "app/berth_schemas.h"

#include <berth/version.h>

#include <algorithm>
#include <set>
#include <string>

namespace berth::app {
namespace {

const nlohmann::json kOpen = nlohmann::json::object();

std::string reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Invalid input";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Too Large";
    case 415: return "Unsupported Media Type";
    case 428: return "Precondition Required";
    case 500: return "Internal Error";
    case 502: return "Bad Gateway";
    case 503: return "Unavailable";
    case 504: return "Gateway Timeout";
  }
  return "HTTP " + std::to_string(status);
}

// "/notes/:id" -> "/notes/{id}".
std::string openapi_path(const routing::RoutePattern& pattern) {
  if (pattern.segments.empty()) return "/";
  std::string path;
  for (const auto& s : pattern.segments) path += "/" + (s.is_param ? "{" + s.text + "}" : s.text);
  return path;
}

const nlohmann::json& property(const nlohmann::json& object_schema, const std::string& name) {
  if (object_schema.is_object() && object_schema.contains("properties") &&
      object_schema["properties"].is_object() && object_schema["properties"].contains(name))
    return object_schema["properties"][name];
  return kOpen;
}

bool listed_required(const nlohmann::json& object_schema, const std::string& name) {
  if (!object_schema.is_object() || !object_schema.contains("required")) return false;
  for (const auto& item : object_schema["required"])
    if (item == name) return true;
  return false;
}

nlohmann::json parameter(const std::string& name, const char* in, bool required,
                         const nlohmann::json& schema) {
  nlohmann::json p = {{"name", name}, {"in", in}, {"required", required}};
  nlohmann::json s = schema.empty() ? nlohmann::json{{"type", "string"}} : schema;
  if (s.contains("description")) p["description"] = s["description"];
  p["schema"] = std::move(s);
  return p;
}

nlohmann::json parameters(const routing::Route& route, const contract::RouteContract& c) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : route.pattern.segments)
    if (s.is_param)
      list.push_back(parameter(s.text, "path", true, property(c.path_schema, s.text)));
  if (c.query_schema.is_object() && c.query_schema.contains("properties"))
    for (const auto& [name, schema] : c.query_schema["properties"].items())
      list.push_back(parameter(name, "query", listed_required(c.query_schema, name), schema));
  return list;
}

bool accepts_null(const nlohmann::json& schema) {
  if (!schema.is_object() || !schema.contains("type")) return !schema.is_object() || schema.empty();
  const nlohmann::json& t = schema["type"];
  if (t == "null") return true;
  if (t.is_array())
    for (const auto& item : t)
      if (item == "null") return true;
  return false;
}

// A response or request body: JSON, or what the schema's contentMediaType names.
nlohmann::json content(const nlohmann::json& schema) {
  if (schema.is_object() && schema.contains("contentMediaType") &&
      schema["contentMediaType"].is_string())
    return {{schema["contentMediaType"].get<std::string>(), {{"schema", schema}}}};
  return {{"application/json", {{"schema", schema}}}};
}

nlohmann::json responses(const contract::RouteContract& c, Method method) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [status, schema] : c.responses) {
    nlohmann::json r = {{"description", reason(status)}};
    if (!schema.is_null()) r["content"] = content(schema);
    out[std::to_string(status)] = std::move(r);
  }
  if (c.responses.empty() || std::none_of(c.responses.begin(), c.responses.end(),
                                          [](const auto& r) { return r.first < 300; })) {
    nlohmann::json ok = {{"description", reason(200)}};
    if (method != Method::head) ok["content"] = content(kOpen);
    out["200"] = std::move(ok);
  }
  if ((c.checks_input() || c.job) && !out.contains("400"))
    out["400"] = {{"$ref", "#/components/responses/Error"}};
  if (!out.contains("503")) out["503"] = {{"$ref", "#/components/responses/Unavailable"}};
  out["default"] = {{"$ref", "#/components/responses/Error"}};
  return out;
}

nlohmann::json operation(const routing::Route& route, const contract::RouteContract& c) {
  const std::string owner = route.owner;
  nlohmann::json op = {{"operationId", owner + "." + c.name},
                       {"x-berth-plugin", owner},
                       {"x-berth-operation", c.name}};
  nlohmann::json tags = {owner};
  for (const auto& tag : c.tags)
    if (tag != owner) tags.push_back(tag);
  op["tags"] = std::move(tags);
  if (!c.summary.empty()) op["summary"] = c.summary;
  if (!c.description.empty()) op["description"] = c.description;
  nlohmann::json params = parameters(route, c);
  if (!params.empty()) op["parameters"] = std::move(params);
  const bool has_body =
      route.method == Method::post || route.method == Method::put || route.method == Method::patch;
  if (c.job) {
    const nlohmann::json& params_schema =
        c.job->params_schema.is_null() ? nlohmann::json{{"type", "object"}} : c.job->params_schema;
    op["requestBody"] = {{"required", false}, {"content", content(params_schema)}};
    op["x-berth-job"] = {{"plugin", c.job->plugin},
                         {"name", c.job->name},
                         {"result", c.job->result_schema.is_null() ? kOpen : c.job->result_schema}};
  } else if (!c.body_schema.is_null()) {
    op["requestBody"] = {{"required", !accepts_null(c.body_schema)},
                         {"content", content(c.body_schema)}};
  } else if (has_body) {
    op["requestBody"] = {{"required", false}, {"content", content(kOpen)}};
  }
  op["responses"] = responses(c, route.method);
  return op;
}

nlohmann::json components() {
  nlohmann::json error_body = {{"$ref", "#/components/schemas/Error"}};
  return {
      {"schemas", {{"Error", schemas::error()}}},
      {"responses",
       {{"Error",
         {{"description", "An error: the message says what went wrong"},
          {"content", {{"application/json", {{"schema", error_body}}}}}}},
        {"Unavailable",
         {{"description", "Not ready, shutting down, or a queue is full: retry later"},
          {"headers",
           {{"Retry-After",
             {{"description", "seconds to wait"}, {"schema", {{"type", "integer"}}}}}}},
          {"content", {{"application/json", {{"schema", error_body}}}}}}}}},
  };
}

}  // namespace

nlohmann::json openapi_document(const routing::RouteTable& table) {
  nlohmann::json paths = nlohmann::json::object();
  std::set<std::string> plugins;
  for (const auto& route : table.routes()) {
    static const contract::RouteContract kUndeclared;
    const contract::RouteContract& c = route->contract ? *route->contract : kUndeclared;
    contract::RouteContract named;
    const contract::RouteContract* used = &c;
    if (c.name.empty()) {  // a host route without a contract
      named = c;
      named.name = contract::operation_name(route->method, route->pattern.text);
      used = &named;
    }
    std::string method(to_string(route->method));
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    paths[openapi_path(route->pattern)][method] = operation(*route, *used);
    plugins.insert(route->owner);
  }
  nlohmann::json tags = nlohmann::json::array();
  for (const auto& plugin : plugins)
    tags.push_back({{"name", plugin},
                    {"description",
                     plugin == "berth" ? "The host's own routes" : "Routes of plugin " + plugin}});
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "berth"},
            {"version", BERTH_SDK_VERSION_STRING},
            {"description",
             "The routes of a berth host and its plugins. Errors are JSON with a message; input "
             "that breaks a declared schema is a 400 whose errors name every violation."}}},
          {"tags", std::move(tags)},
          {"paths", std::move(paths)},
          {"components", components()}};
}

}  // namespace berth::app
