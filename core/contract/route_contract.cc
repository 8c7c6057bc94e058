#include "contract/route_contract.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace berth::contract {
namespace {

bool has_type(const nlohmann::json& schema, std::string_view type) {
  if (!schema.is_object() || !schema.contains("type")) return false;
  const nlohmann::json& t = schema["type"];
  if (t.is_string()) return t.get_ref<const std::string&>() == type;
  if (t.is_array())
    for (const auto& item : t)
      if (item.is_string() && item.get_ref<const std::string&>() == type) return true;
  return false;
}

// Text as the property's declared type, when it reads as one; else the text.
nlohmann::json typed(const std::string& text, const nlohmann::json& property) {
  if (has_type(property, "integer")) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size() && !text.empty()) return value;
  }
  if (has_type(property, "number")) {
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size() && !text.empty() &&
        std::isfinite(value))
      return value;
  }
  if (has_type(property, "boolean")) {
    if (text == "true") return true;
    if (text == "false") return false;
  }
  return text;
}

template <class Map>
nlohmann::json as_json(const Map& values, const nlohmann::json& schema) {
  static const nlohmann::json kOpen = nlohmann::json::object();
  const nlohmann::json* properties =
      schema.is_object() && schema.contains("properties") && schema["properties"].is_object()
          ? &schema["properties"]
          : nullptr;
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [name, text] : values) {
    if (object.contains(name)) continue;  // a repeated query parameter: its first value
    const nlohmann::json& property =
        properties && properties->contains(name) ? (*properties)[name] : kOpen;
    object[name] = typed(text, property);
  }
  return object;
}

std::shared_ptr<const JsonSchema> compiled(const nlohmann::json& schema, const char* what) {
  if (schema.is_null()) return nullptr;
  try {
    return std::make_shared<const JsonSchema>(schema);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string(what) + " is not a usable JSON Schema: " + e.what());
  }
}

void append(std::vector<Violation>& out, std::vector<Violation> found, const char* in) {
  for (Violation& v : found) {
    v.in = in;
    out.push_back(std::move(v));
  }
}

}  // namespace

std::string operation_name(Method method, std::string_view path) {
  std::string name;
  for (char c : to_string(method)) name += static_cast<char>(std::tolower(c));
  bool upper = true;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '/') {
      upper = true;
      if (i + 1 < path.size() && path[i + 1] == ':') {
        name += "By";
        ++i;
      }
    } else if (std::isalnum(static_cast<unsigned char>(c))) {
      name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    } else {
      upper = true;
    }
  }
  return name;
}

nlohmann::json parameters_as_json(const std::multimap<std::string, std::string, std::less<>>& query,
                                  const nlohmann::json& schema) {
  return as_json(query, schema);
}

nlohmann::json parameters_as_json(const std::map<std::string, std::string, std::less<>>& params,
                                  const nlohmann::json& schema) {
  return as_json(params, schema);
}

RouteContract RouteContract::from(const RouteOptions& options) {
  RouteContract c;
  c.summary = std::string(options.summary);
  c.description = std::string(options.description);
  c.name = std::string(options.name);
  for (std::string_view tag : options.tags) c.tags.emplace_back(tag);
  c.body_schema = options.body_schema;
  c.query_schema = options.query_schema;
  c.path_schema = options.path_schema;
  c.responses = options.responses;
  for (const auto& [status, schema] : c.responses) {
    if (status < 100 || status > 599)
      throw std::invalid_argument("response status " + std::to_string(status) +
                                  " is not an HTTP status");
    if (!schema.is_null()) compiled(schema, "the response schema");
  }
  c.compile();
  return c;
}

void RouteContract::compile() {
  body = compiled(body_schema, "body_schema");
  query = compiled(query_schema, "query_schema");
  path = compiled(path_schema, "path_schema");
}

std::vector<Violation> RouteContract::check(const Request& request) const {
  std::vector<Violation> violations;
  if (path)
    append(violations, path->check(parameters_as_json(request.params, path_schema)), "path");
  if (query)
    append(violations, query->check(parameters_as_json(request.query, query_schema)), "query");
  if (body) append(violations, body->check(request.json()), "body");
  return violations;
}

}  // namespace berth::contract
