#include "client/openapi_operations.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace berth::client {
namespace {

using nlohmann::json;

constexpr std::array kMethods = {"get", "post", "put", "patch", "delete"};

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string text_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// `value`, or what its "#/components/<kind>/<name>" $ref points at (one level: the documents
// berth writes never chain them).
const json& resolved(const json& document, const json& value, const std::string& where) {
  if (!value.is_object() || !value.contains("$ref")) return value;
  const json& ref = value["$ref"];
  if (!ref.is_string()) throw OpenApiError(where + ": $ref is not a string");
  std::string pointer = ref.get<std::string>();
  if (pointer.rfind("#/", 0) != 0)
    throw OpenApiError(where + ": only local $refs are supported, got '" + pointer + "'");
  try {
    return document.at(json::json_pointer(pointer.substr(1)));
  } catch (const json::exception&) {
    throw OpenApiError(where + ": $ref '" + pointer + "' points at nothing");
  }
}

Parameter parameter_of(const json& p, const std::string& where) {
  Parameter out;
  if (!p.is_object() || !p.contains("name") || !p["name"].is_string())
    throw OpenApiError(where + ": a parameter without a name");
  out.name = p["name"].get<std::string>();
  out.required = p.value("required", false);
  if (p.contains("schema")) out.schema = p["schema"];
  out.description = text_of(p, "description");
  return out;
}

const json* json_media(const json& content) {
  if (!content.is_object()) return nullptr;
  for (const char* type : {"application/json", "application/problem+json"})
    if (content.contains(type)) return &content[type];
  return nullptr;
}

std::optional<Reply> reply_of(const std::string& status, const json& response) {
  int code = status == "2XX" ? 200 : std::atoi(status.c_str());
  if (code < 200 || code > 299) return std::nullopt;
  Reply reply;
  reply.status = code;
  const json content = response.value("content", json::object());
  if (content.empty()) {
    reply.empty = true;
  } else if (const json* media = json_media(content); media && media->is_object()) {
    reply.schema = media->value("schema", json(true));
    reply.text = reply.schema.is_object() && reply.schema.contains("contentMediaType");
  } else {
    reply.text = true;  // text/plain, application/octet-stream, ...: the body as a string
  }
  return reply;
}

void read_body(const json& document, const json& operation, Operation& out,
               const std::string& where) {
  if (!operation.contains("requestBody")) return;
  const json& body = resolved(document, operation["requestBody"], where + ".requestBody");
  if (!body.is_object()) throw OpenApiError(where + ".requestBody: not an object");
  out.body_required = body.value("required", false);
  const json content = body.value("content", json::object());
  const json* media = json_media(content);
  out.body = media && media->is_object() ? media->value("schema", json(true)) : json(true);
}

void read_replies(const json& document, const json& operation, Operation& out,
                  const std::string& where) {
  const json responses = operation.value("responses", json::object());
  for (const auto& [status, response] : responses.items()) {
    const json& r = resolved(document, response, where + ".responses." + status);
    if (!r.is_object()) throw OpenApiError(where + ".responses." + status + ": not an object");
    if (auto reply = reply_of(status, r)) out.replies.push_back(*reply);
  }
  std::sort(out.replies.begin(), out.replies.end(),
            [](const Reply& a, const Reply& b) { return a.status < b.status; });
}

Operation operation_of(const json& document, const std::string& path, const std::string& method,
                       const json& operation, const json& shared_params) {
  const std::string where = "paths." + path + "." + method;
  if (!operation.is_object()) throw OpenApiError(where + ": not an object");
  Operation out;
  out.method = upper(method);
  out.path = path;
  out.summary = text_of(operation, "summary");
  out.description = text_of(operation, "description");
  out.deprecated = operation.value("deprecated", false);
  out.plugin = text_of(operation, "x-berth-plugin");
  if (out.plugin.empty() && operation.contains("tags") && operation["tags"].is_array() &&
      !operation["tags"].empty() && operation["tags"][0].is_string())
    out.plugin = operation["tags"][0].get<std::string>();
  if (out.plugin.empty()) out.plugin = "api";
  out.name = text_of(operation, "x-berth-operation");
  if (out.name.empty()) out.name = text_of(operation, "operationId");
  if (out.name.empty()) out.name = method + " " + path;

  // Path-level parameters first; an operation's own one with the same name and place wins.
  std::vector<json> params;
  const json own_params = operation.value("parameters", json::array());
  for (const json* list : {&shared_params, &own_params}) {
    if (!list->is_array()) continue;
    for (const auto& p : *list) {
      const json& param = resolved(document, p, where + ".parameters");
      auto same = std::find_if(params.begin(), params.end(), [&](const json& q) {
        return q.value("name", "") == param.value("name", "") &&
               q.value("in", "") == param.value("in", "");
      });
      if (same != params.end())
        *same = param;
      else
        params.push_back(param);
    }
  }
  for (const auto& p : params) {
    std::string in = p.is_object() ? p.value("in", "") : "";
    if (in == "path") out.path_params.push_back(parameter_of(p, where));
    if (in == "query") out.query_params.push_back(parameter_of(p, where));
  }
  // Path parameters in the order the path names them.
  auto position = [&](const Parameter& p) { return path.find("{" + p.name + "}"); };
  std::stable_sort(
      out.path_params.begin(), out.path_params.end(),
      [&](const Parameter& a, const Parameter& b) { return position(a) < position(b); });
  for (const auto& p : out.path_params)
    if (position(p) == std::string::npos)
      throw OpenApiError(where + ": path parameter '" + p.name + "' is not in the path");

  read_body(document, operation, out, where);
  read_replies(document, operation, out, where);
  if (auto job = operation.find("x-berth-job"); job != operation.end() && job->is_object()) {
    out.job_name = job->value("name", out.name);
    out.job_result = job->value("result", json(true));
  }
  return out;
}

}  // namespace

OpenApiDocument read_openapi(const json& document) {
  if (!document.is_object()) throw OpenApiError("the document is not a JSON object");
  std::string version = text_of(document, "openapi");
  if (version.rfind("3.", 0) != 0)
    throw OpenApiError("not an OpenAPI 3 document (openapi: '" + version + "')");
  OpenApiDocument out;
  const json info = document.value("info", json::object());
  out.title = text_of(info, "title");
  out.version = text_of(info, "version");
  const json components = document.value("components", json::object());
  if (components.contains("schemas") && components["schemas"].is_object())
    out.schemas = components["schemas"];
  const json paths = document.value("paths", json::object());
  if (!paths.is_object()) throw OpenApiError("paths: not an object");
  for (const auto& [path, item] : paths.items()) {
    if (!item.is_object()) throw OpenApiError("paths." + path + ": not an object");
    const json shared = item.value("parameters", json::array());
    for (const char* method : kMethods)
      if (item.contains(method))
        out.operations.push_back(operation_of(document, path, method, item[method], shared));
  }
  std::sort(out.operations.begin(), out.operations.end(),
            [](const Operation& a, const Operation& b) {
              return std::tie(a.plugin, a.name, a.path, a.method) <
                     std::tie(b.plugin, b.name, b.path, b.method);
            });
  return out;
}

}  // namespace berth::client
