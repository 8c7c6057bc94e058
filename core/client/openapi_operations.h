#pragma once
// What the TypeScript generator needs from an OpenAPI 3.1 document, read once: every operation
// with its plugin, name, parameters, body and success replies, the job starts (x-berth-job) and
// the component schemas. $refs to components/{parameters,requestBodies,responses} are resolved
// here; schema $refs stay for the type mapper.
#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace berth::client {

// A document the generator cannot use; the message names where (e.g. "paths./notes.get").
struct OpenApiError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Parameter {
  std::string name;
  bool required = false;
  nlohmann::json schema = true;
  std::string description;
};

struct Reply {
  int status = 200;              // the 2xx status; "2XX" counts as 200
  nlohmann::json schema = true;  // of the JSON body
  bool empty = false;            // no body (e.g. 204)
  bool text = false;             // a non-JSON body (contentMediaType, text/*)
};

struct Operation {
  std::string plugin;  // x-berth-plugin, else the first tag, else "api"
  std::string name;    // x-berth-operation, else operationId, else method + path
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string path;    // as in the document: /notes/{id}
  std::string summary, description;
  bool deprecated = false;
  std::vector<Parameter> path_params, query_params;
  std::optional<nlohmann::json> body;  // the JSON request body's schema, when there is a body
  bool body_required = false;
  std::vector<Reply> replies;  // the 2xx ones, by status
  // x-berth-job: this operation starts job `job_name`, whose result has `job_result`.
  std::optional<std::string> job_name;
  nlohmann::json job_result = true;
};

struct OpenApiDocument {
  std::string title, version;
  std::vector<Operation> operations;                  // sorted by plugin, name, path, method
  nlohmann::json schemas = nlohmann::json::object();  // components.schemas
};

OpenApiDocument read_openapi(const nlohmann::json& document);

}  // namespace berth::client
