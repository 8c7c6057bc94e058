// A client's JSON checked against a route's schema (contract::JsonSchema, valijson), as the host
// does before a handler runs: the notes API's own schemas and schemas that use each keyword family
// a plugin may declare, including those valijson answers with std::regex and pairwise compares.
// The first byte picks the schema; the rest is the body, parsed as the host parses request bodies.
#include "contract/json_schema.h"
#include "fuzz_target.h"

#include "../../plugins/notes/notes_schemas.h"

#include <berth/request.h>

#include <memory>
#include <string>
#include <vector>

namespace {

std::vector<std::unique_ptr<berth::contract::JsonSchema>> make_schemas() {
  const notes::Limits limits;
  std::vector<nlohmann::json> sources = {
      notes::full_body_schema(limits),
      notes::patch_body_schema(limits),
      notes::list_query_schema(),
      nlohmann::json::parse(R"({"type":"object","additionalProperties":false,
        "required":["name"],"properties":{"name":{"type":"string","pattern":"^[a-z][a-z0-9-]*$"},
        "tags":{"type":"array","uniqueItems":true,"maxItems":50},
        "when":{"type":"string","format":"date-time"},
        "labels":{"type":"object","patternProperties":{"^x-":{"type":"string"}}}}})"),
      nlohmann::json::parse(R"({"oneOf":[{"type":"integer","minimum":0,"multipleOf":3},
        {"type":"string","minLength":2,"maxLength":8},{"enum":[null,true,"a",[1,2]]}],
        "not":{"const":9}})"),
      nlohmann::json::parse(R"({"type":"array","items":{"anyOf":[{"type":"number"},
        {"type":"object","properties":{"a":{"$ref":"#"}},"dependencies":{"a":["b"]}}]},
        "contains":{"type":"number"},"minItems":1})"),
  };
  std::vector<std::unique_ptr<berth::contract::JsonSchema>> schemas;
  for (auto& s : sources)
    schemas.push_back(std::make_unique<berth::contract::JsonSchema>(std::move(s)));
  return schemas;
}

}  // namespace

BERTH_FUZZ_TARGET(json_schema) {
  static const auto schemas = make_schemas();
  if (size < 1) return 0;
  const berth::contract::JsonSchema& schema = *schemas[data[0] % schemas.size()];
  berth::Request request;
  request.body = std::string(berth::fuzz::as_text(data + 1, size - 1));
  const nlohmann::json* value = nullptr;
  try {
    value = &request.json();
  } catch (const berth::HttpError&) {
    return 0;  // the request_json target's ground
  }
  const std::vector<berth::contract::Violation> violations = schema.check(*value);
  BERTH_FUZZ_CHECK(violations.size() <= berth::contract::kMaxListedViolations + 1);
  for (const auto& v : violations) {
    BERTH_FUZZ_CHECK(!v.message.empty());
    BERTH_FUZZ_CHECK(v.pointer.empty() || v.pointer[0] == '/');
    (void)nlohmann::json::json_pointer(v.pointer);  // throws, a finding, when malformed
  }
  // What a 400 carries: the one-line message and the JSON list must both be producible.
  const std::string line = berth::contract::describe(violations);
  BERTH_FUZZ_CHECK(violations.empty() || !line.empty());
  (void)berth::contract::to_json(violations).dump();
  return 0;
}
