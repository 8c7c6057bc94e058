#pragma once
// What a route declares of itself (RouteOptions' contract, copied out of plugin memory), with its
// input schemas compiled: the host checks a request against it before the handler runs, and the
// OpenAPI document is written from it.
#include "contract/json_schema.h"

#include <berth/request.h>
#include <berth/routes.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace berth::contract {

// A job's start route carries the job it starts.
struct JobContract {
  std::string plugin;
  std::string name;
  std::string summary;
  nlohmann::json params_schema;  // null: not declared
  nlohmann::json result_schema;
};

struct RouteContract {
  std::string summary;
  std::string description;
  std::string name;  // the operation's name; "" until the owner's defaults are applied
  std::vector<std::string> tags;
  nlohmann::json body_schema;  // null: not declared
  nlohmann::json query_schema;
  nlohmann::json path_schema;
  std::map<int, nlohmann::json> responses;
  std::optional<JobContract> job;

  // Compiled from the schemas above by compile(); null where nothing is declared.
  std::shared_ptr<const JsonSchema> body;
  std::shared_ptr<const JsonSchema> query;
  std::shared_ptr<const JsonSchema> path;

  // Copies `options`. Throws std::invalid_argument naming the schema that cannot be used.
  static RouteContract from(const RouteOptions& options);
  // Compiles the declared input schemas. Throws std::invalid_argument naming the bad one.
  void compile();

  bool checks_input() const noexcept { return body || query || path; }
  // Every way the request's body, query and path parameters break the declared schemas.
  // Throws HttpError 400 when the body is not JSON (Request::json()).
  std::vector<Violation> check(const Request& request) const;
};

// The name a route's operation gets when it declares none: the method, then the path's words,
// parameters as "By<Name>" ("GET /notes/:id" -> "getNotesById", "POST /disk-usage" ->
// "postDiskUsage").
std::string operation_name(Method method, std::string_view path);

// The text parameters as a JSON object for `schema`: where a property's type is integer, number
// or boolean and the text reads as one, the value is converted; anything else stays text (and
// the check then names it).
nlohmann::json parameters_as_json(const std::multimap<std::string, std::string, std::less<>>& query,
                                  const nlohmann::json& schema);
nlohmann::json parameters_as_json(const std::map<std::string, std::string, std::less<>>& params,
                                  const nlohmann::json& schema);

}  // namespace berth::contract
