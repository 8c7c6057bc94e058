#pragma once
// The JSON Schema of every error body the host and the SDK send: {"message": ..., "errors"?:
// [{"in", "path", "message"}]} (errors: the violations of a route's declared schemas). Routes
// declare it for their error statuses (RouteOptions::responses); `extra` adds the members a
// plugin's own errors carry ({"field": {"type": "string"}}).
#include <nlohmann/json.hpp>

namespace berth {

inline nlohmann::json error_schema(const nlohmann::json& extra = nlohmann::json::object()) {
  nlohmann::json violation = {
      {"type", "object"},
      {"required", {"in", "path", "message"}},
      {"properties",
       {{"in", {{"type", "string"}, {"enum", {"body", "query", "path"}}}},
        {"path", {{"type", "string"}, {"description", "JSON pointer to the value"}}},
        {"message", {{"type", "string"}}}}}};
  nlohmann::json schema = {
      {"type", "object"},
      {"required", {"message"}},
      {"properties",
       {{"message", {{"type", "string"}}},
        {"errors",
         {{"type", "array"},
          {"description", "every input that breaks the route's declared schemas"},
          {"items", std::move(violation)}}}}}};
  for (const auto& [name, property] : extra.items()) schema["properties"][name] = property;
  return schema;
}

}  // namespace berth
